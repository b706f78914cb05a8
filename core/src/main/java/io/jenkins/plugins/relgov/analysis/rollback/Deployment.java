package io.jenkins.plugins.relgov.analysis.rollback;

import java.time.Instant;
import java.util.Objects;

/**
 * A release deployed to an environment, and how it went.
 *
 * @param version     its version ({@code v1.4.2})
 * @param environment where it was deployed (production)
 * @param outcome     how it went
 * @param deployedAt  when
 */
public record Deployment(String version, String environment, Outcome outcome, Instant deployedAt) {

    public enum Outcome {
        /** deployed and passed its post-deploy analysis: a rollback target */
        SUCCESSFUL,
        /** deployed, then failed its analysis */
        FAILED,
        /** deployed, then rolled back */
        ROLLED_BACK,
        /** deployed, analysis not finished yet */
        IN_PROGRESS
    }

    public Deployment {
        RollbackCommand.checkVersion(version);
        RollbackCommand.checkEnvironment(environment);
        Objects.requireNonNull(outcome, "outcome");
    }
}
