package io.jenkins.plugins.relgov.evidence;

/** Evidence could not be read or written; the message names the file, line or event. */
public class EvidenceException extends RuntimeException {
    private final transient Finding finding;

    public EvidenceException(String message) {
        super(message);
        this.finding = null;
    }

    public EvidenceException(String message, Throwable cause) {
        super(message, cause);
        this.finding = null;
    }

    private EvidenceException(Finding finding) {
        super(finding.toString());
        this.finding = finding;
    }

    /** A problem at a known place: the message is "where: what", and {@link #finding()} keeps the two apart. */
    static EvidenceException at(String where, String what) {
        return new EvidenceException(new Finding(where, what));
    }

    /** Where and what, when the problem has a place; otherwise the whole message, placed at {@code fallback}. */
    Finding finding(String fallback) {
        return finding != null ? finding : new Finding(fallback, getMessage());
    }
}
