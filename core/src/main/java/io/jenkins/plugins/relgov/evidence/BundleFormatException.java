package io.jenkins.plugins.relgov.evidence;

/** The bundle cannot be used at all (not a zip, truncated, unsafe names, too large): exit code 2. */
public class BundleFormatException extends EvidenceException {
    public BundleFormatException(String message) {
        super(message);
    }
}
