package io.jenkins.plugins.relgov.gate;

import io.jenkins.plugins.relgov.policy.Policy;
import io.jenkins.plugins.relgov.policy.Tier;
import io.jenkins.plugins.relgov.policy.TierKind;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * What a gate decides on.
 *
 * @param policy      the policy
 * @param tier        the release's tier (from the tier classifier), or null when unknown
 * @param environment the target environment's name, or null when not deploying anywhere in particular
 * @param branch      the branch being released, or null when unknown
 * @param now         the time of the decision (freeze windows, waiver expiry)
 * @param evidence    what is already recorded for the release, or null when there is no evidence store
 * @param reports     the parsed reports
 */
public record GateContext(Policy policy, TierKind tier, String environment, String branch, Instant now,
                          EvidenceIndex evidence, Reports reports) {

    public GateContext {
        Objects.requireNonNull(policy, "policy");
        Objects.requireNonNull(now, "now");
        reports = reports == null ? Reports.NONE : reports;
    }

    public Optional<Tier> tierRules() {
        return tier == null ? Optional.empty() : policy.tier(tier);
    }

    /** The tier's name as the policy writes it (minor), or null. */
    String tierName() {
        return tier == null ? null : tier.id();
    }
}
