package io.jenkins.plugins.relgov.analysis;

/** A condition could not be evaluated against a result (the measurement is then an error or empty). */
public final class ConditionException extends Exception {
    private static final long serialVersionUID = 1L;

    public ConditionException(String message) {
        super(message);
    }
}
