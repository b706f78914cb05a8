package io.jenkins.plugins.relgov.release;

import io.jenkins.plugins.relgov.policy.TierKind;
import java.util.Objects;

/**
 * A release's identity and the tier that governs it.
 *
 * @param version  the version being released
 * @param previous the last released version (null for the first release)
 * @param branch   the branch it is built from (may be null when unknown)
 * @param tier     the tier the policy applies
 * @param reason   why that tier, in words (for logs and evidence)
 */
public record Release(SemVer version, SemVer previous, String branch, TierKind tier, String reason) {
    public Release {
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(tier, "tier");
    }
}
