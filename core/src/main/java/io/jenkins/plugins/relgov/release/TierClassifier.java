package io.jenkins.plugins.relgov.release;

import io.jenkins.plugins.relgov.policy.Policy;
import io.jenkins.plugins.relgov.policy.Tier;
import io.jenkins.plugins.relgov.policy.TierKind;
import java.util.Map;

/**
 * Decides which tier governs a release.
 *
 * <ol>
 *   <li>The version must be greater than the previous released version (SemVer precedence);
 *       anything else is an error, hotfix or not.</li>
 *   <li>A branch matching a tier's {@code branches} patterns selects that tier (the emergency tier
 *       first): {@code hotfix/*} takes the emergency path whatever the version says.</li>
 *   <li>Otherwise the bump decides: X changed → major, Y → minor, Z → patch. When only the
 *       pre-release part differs (2.0.0-rc.1 → 2.0.0) the version's own shape decides: X.0.0 major,
 *       X.Y.0 minor, else patch. With no previous release, 0.0.0 is the previous one.</li>
 * </ol>
 * The tier must exist in the policy; otherwise the release cannot be governed and is refused.
 */
public final class TierClassifier {

    private final Policy policy;

    public TierClassifier(Policy policy) {
        this.policy = policy;
    }

    /** Parses the versions (a {@code v} prefix is fine) and classifies. {@code previous} may be null or blank. */
    public Release classify(String version, String previous, String branch) {
        return classify(
                SemVer.parse(version), previous == null || previous.isBlank() ? null : SemVer.parse(previous), branch);
    }

    /**
     * @throws IllegalArgumentException when the version is not greater than the previous one, or the
     *                                  policy has no tier for it
     */
    public Release classify(SemVer version, SemVer previous, String branch) {
        SemVer base = previous == null ? SemVer.ZERO : previous;
        if (!version.isGreaterThan(base)) {
            throw new IllegalArgumentException("version " + version + " is not greater than the previous release "
                    + base + (version.compareTo(base) == 0 ? " (equal precedence; build metadata does not count)" : "")
                    + ": a release needs a new, higher version");
        }
        if (branch != null) {
            Tier emergency = policy.tiers().get(TierKind.EMERGENCY);
            if (emergency != null && BranchGlob.matchesAny(emergency.branches(), branch)) {
                return release(
                        version,
                        previous,
                        branch,
                        TierKind.EMERGENCY,
                        "branch '" + branch + "' matches " + emergency.branches() + " of the emergency tier");
            }
            for (Map.Entry<TierKind, Tier> e : policy.tiers().entrySet()) {
                if (BranchGlob.matchesAny(e.getValue().branches(), branch)) {
                    return release(
                            version,
                            previous,
                            branch,
                            e.getKey(),
                            "branch '" + branch + "' matches " + e.getValue().branches() + " of the "
                                    + e.getKey().id() + " tier");
                }
            }
        }
        TierKind kind;
        String reason;
        if (!version.major().equals(base.major())) {
            kind = TierKind.MAJOR;
            reason = "major version changed " + base.major() + " → " + version.major();
        } else if (!version.minor().equals(base.minor())) {
            kind = TierKind.MINOR;
            reason = "minor version changed " + base.minor() + " → " + version.minor();
        } else if (!version.patch().equals(base.patch())) {
            kind = TierKind.PATCH;
            reason = "patch version changed " + base.patch() + " → " + version.patch();
        } else {
            kind = version.minor().signum() == 0 && version.patch().signum() == 0
                    ? TierKind.MAJOR
                    : version.patch().signum() == 0 ? TierKind.MINOR : TierKind.PATCH;
            reason = "same version core as " + base + "; " + version.core() + " has the shape of a " + kind.id()
                    + " release";
        }
        return release(version, previous, branch, kind, reason);
    }

    private Release release(SemVer version, SemVer previous, String branch, TierKind kind, String reason) {
        if (!policy.tiers().containsKey(kind)) {
            throw new IllegalArgumentException("release " + version + " is a " + kind.id() + " release (" + reason
                    + ") but policy '" + policy.name() + "' defines no " + kind.id() + " tier");
        }
        return new Release(version, previous, branch, kind, reason);
    }
}
