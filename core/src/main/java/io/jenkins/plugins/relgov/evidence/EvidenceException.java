package io.jenkins.plugins.relgov.evidence;

/** Evidence could not be read or written; the message names the file, line or event. */
public class EvidenceException extends RuntimeException {
    public EvidenceException(String message) {
        super(message);
    }

    public EvidenceException(String message, Throwable cause) {
        super(message, cause);
    }
}
