package io.jenkins.plugins.relgov.approval;

/** A role that still needs {@code stillNeeded} more approvals. */
public record Missing(String role, int stillNeeded) {
    @Override
    public String toString() {
        return role + " (" + stillNeeded + " more)";
    }
}
