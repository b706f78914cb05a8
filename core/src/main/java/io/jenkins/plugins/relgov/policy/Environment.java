package io.jenkins.plugins.relgov.policy;

import java.util.List;

/**
 * A deployment environment.
 *
 * @param name       e.g. production
 * @param approval   automatic promotion, or manual multi-approver sign-off
 * @param branches   branch patterns allowed to deploy here ({@code release/*}, {@code main})
 * @param purpose    what it is for
 * @param data       the class of data it holds (synthetic, anonymised, real)
 * @param access     who may access it
 * @param monitoring how it is monitored
 * @param supersede  whether a newer build of the same job for this environment supersedes an older build's open
 *                   approval request (default true: approvers never sign off a release that is no longer the latest)
 */
public record Environment(
        String name,
        ApprovalMode approval,
        List<String> branches,
        String purpose,
        String data,
        String access,
        String monitoring,
        boolean supersede) {
    public enum ApprovalMode {
        AUTOMATIC,
        MANUAL
    }

    public Environment {
        branches = List.copyOf(branches == null ? List.of() : branches);
    }

    public boolean requiresApproval() {
        return approval == ApprovalMode.MANUAL;
    }
}
