package io.jenkins.plugins.relgov.evidence;

/** One reason a bundle is invalid: where (file, line, event) and what differs. */
public record Finding(String where, String what) {
    @Override
    public String toString() {
        return where + ": " + what;
    }
}
