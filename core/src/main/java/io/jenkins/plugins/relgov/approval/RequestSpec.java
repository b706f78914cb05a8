package io.jenkins.plugins.relgov.approval;

import io.jenkins.plugins.relgov.policy.LoadedPolicy;
import io.jenkins.plugins.relgov.policy.TierKind;
import java.io.Serializable;
import java.util.List;
import java.util.Objects;

/**
 * What an approval request is about.
 *
 * @param releaseVersion the version being released (e.g. {@code 3.0.0})
 * @param tier           its tier, which selects the approval rules
 * @param environment    the target environment (e.g. production)
 * @param policyName     the policy the rules come from
 * @param policyDigest   the digest of that policy's canonical form, so auditors know the exact rules
 * @param buildId        the build's identity (in Jenkins: {@code Run.getExternalizableId()})
 * @param triggerer      the user who started the build, or null when no user did (timer, SCM push)
 * @param commitAuthors  user ids of the authors of the release's commits
 * @param replayed       the build was started by Replay (its Jenkinsfile may have been edited)
 */
public record RequestSpec(
        String releaseVersion,
        TierKind tier,
        String environment,
        String policyName,
        String policyDigest,
        String buildId,
        String triggerer,
        List<String> commitAuthors,
        boolean replayed)
        implements Serializable {
    public RequestSpec {
        Objects.requireNonNull(tier, "tier");
        if (buildId == null || buildId.isBlank()) {
            throw new IllegalArgumentException("an approval request needs the build's id");
        }
        commitAuthors = List.copyOf(commitAuthors == null ? List.of() : commitAuthors);
    }

    /** A request under a loaded policy, naming it and its digest. */
    public static RequestSpec of(
            LoadedPolicy policy,
            String releaseVersion,
            TierKind tier,
            String environment,
            String buildId,
            String triggerer,
            List<String> commitAuthors,
            boolean replayed) {
        return new RequestSpec(
                releaseVersion,
                tier,
                environment,
                policy.policy().name(),
                policy.digest().toString(),
                buildId,
                triggerer,
                commitAuthors,
                replayed);
    }
}
