package io.jenkins.plugins.relgov.approval;

/** Where a request stands. Every status but {@code OPEN} is final. */
public enum ApprovalStatus {
    OPEN,
    APPROVED,
    REJECTED,
    TIMED_OUT,
    CANCELLED,
    SUPERSEDED
}
