package io.jenkins.plugins.relgov.policy;

import java.time.Duration;
import java.util.List;

/**
 * What a tier of release demands.
 *
 * @param kind             which tier
 * @param versioning       the version shape, as the policy says it (e.g. {@code vX.0.0})
 * @param cadence          how often such releases happen (e.g. quarterly)
 * @param scope            what such a release contains
 * @param approvals        every rule must be met: "1 of executive-board AND 1 of ciso"
 * @param ordered          approvals must arrive in the order of {@code approvals}
 * @param approvalTimeout  how long the request stays open (null: no timeout)
 * @param rollout          how the release is rolled out
 * @param requiredEvidence evidence kinds that must be recorded before deployment
 * @param postHocReview    a review that must follow the deployment (null: none)
 * @param branches         branch patterns that select this tier regardless of version (hotfix path)
 */
public record Tier(
        TierKind kind,
        String versioning,
        String cadence,
        String scope,
        List<ApprovalRule> approvals,
        boolean ordered,
        Duration approvalTimeout,
        Rollout rollout,
        List<String> requiredEvidence,
        PostHocReview postHocReview,
        List<String> branches) {

    public Tier {
        approvals = List.copyOf(approvals == null ? List.of() : approvals);
        requiredEvidence = List.copyOf(requiredEvidence == null ? List.of() : requiredEvidence);
        branches = List.copyOf(branches == null ? List.of() : branches);
    }
}
