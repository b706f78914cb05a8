package io.jenkins.plugins.relgov.policy;

import java.util.List;

/**
 * How a release reaches users.
 *
 * @param strategy            canary/phased, standard pipeline, or hotfix
 * @param steps               traffic percentages for canary/phased rollouts, ending at 100
 * @param postDeploymentAudit the release is audited after deployment (the hotfix path)
 * @param description         the policy's own words
 */
public record Rollout(Strategy strategy, List<Integer> steps, boolean postDeploymentAudit, String description) {
    public enum Strategy {
        CANARY,
        PHASED,
        STANDARD,
        HOTFIX
    }

    public Rollout {
        steps = List.copyOf(steps == null ? List.of() : steps);
    }
}
