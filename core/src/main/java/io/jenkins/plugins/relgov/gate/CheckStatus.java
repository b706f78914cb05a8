package io.jenkins.plugins.relgov.gate;

/** The outcome of one gate check. */
public enum CheckStatus {
    PASS,
    FAIL,
    /** The policy does not ask for this check (or it has nothing to judge here). */
    NOT_APPLICABLE,
    /** The check could not be decided (a missing or unreadable report): it blocks like a failure. */
    ERROR
}
