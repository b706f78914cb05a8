package io.jenkins.plugins.relgov.approval;

/**
 * A dry run's answer (see {@link Approvals#check}): whether a decision would be accepted now, the role
 * it would count for, or the refusal it would get. Nothing is recorded.
 *
 * @param role    the role an approval or review would count for (null for reject and break-glass, or refused)
 * @param refusal why it would be refused, or null when it would be accepted
 * @param message the refusal's message, or null
 */
public record Check(String role, RefusalReason refusal, String message) {
    public boolean accepted() {
        return refusal == null;
    }
}
