package io.jenkins.plugins.relgov.gate;

import io.jenkins.plugins.relgov.gate.MissingInput.Input;
import io.jenkins.plugins.relgov.policy.Environment;
import io.jenkins.plugins.relgov.policy.Policy;
import io.jenkins.plugins.relgov.policy.Tier;
import io.jenkins.plugins.relgov.policy.TierKind;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

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
public record GateContext(
        Policy policy,
        TierKind tier,
        String environment,
        String branch,
        Instant now,
        EvidenceIndex evidence,
        Reports reports) {

    public GateContext {
        Objects.requireNonNull(policy, "policy");
        Objects.requireNonNull(now, "now");
        reports = reports == null ? Reports.NONE : reports;
    }

    public Optional<Tier> tierRules() {
        return tier == null ? Optional.empty() : policy.tier(tier);
    }

    /**
     * What this context lacks for a rule the policy defines: an unknown tier when tiers require evidence, no
     * environment when environments restrict branches, no branch when the target environment does, an
     * environment or tier the policy does not have, no evidence store when evidence is required. Empty when the
     * gate can decide every rule.
     */
    public List<MissingInput> missingInputs() {
        List<MissingInput> missing = new ArrayList<>();
        if (tier == null) {
            List<String> tiers = policy.tiers().values().stream()
                    .filter(t -> !t.requiredEvidence().isEmpty())
                    .map(t -> t.kind().id())
                    .toList();
            if (!tiers.isEmpty()) {
                missing.add(new MissingInput(
                        Input.TIER,
                        "tiers." + Format.alternatives(tiers) + ".requiredEvidence",
                        "the release's tier decides which evidence it needs, and tier(s) " + Format.list(tiers)
                                + " require some"));
            }
        } else if (tierRules().isEmpty()) {
            missing.add(new MissingInput(
                    Input.TIER,
                    "tiers",
                    "policy " + policy.name() + " has no " + tier.id() + " tier (it has: "
                            + Format.list(policy.tiers().keySet().stream()
                                    .map(TierKind::id)
                                    .toList()) + ")"));
        }
        if (environment == null || environment.isBlank()) {
            List<String> restricted = policy.environments().values().stream()
                    .filter(e -> !e.branches().isEmpty())
                    .map(Environment::name)
                    .toList();
            if (!restricted.isEmpty()) {
                missing.add(new MissingInput(
                        Input.ENVIRONMENT,
                        "environments." + Format.alternatives(restricted) + ".branches",
                        "environment(s) " + Format.list(restricted) + " accept only some branches"));
            }
        } else {
            Optional<Environment> env = policy.environment(environment);
            if (env.isEmpty()) {
                missing.add(new MissingInput(
                        Input.ENVIRONMENT,
                        "environments",
                        "'" + environment
                                + "' is not an environment of policy " + policy.name() + " (it has: "
                                + Format.list(List.copyOf(policy.environments().keySet())) + ")"));
            } else if (!env.get().branches().isEmpty() && (branch == null || branch.isBlank())) {
                missing.add(new MissingInput(
                        Input.BRANCH,
                        "environments." + environment + ".branches",
                        environment + " accepts only " + Format.list(env.get().branches())));
            }
        }
        if (evidence == null) {
            Set<String> required = new LinkedHashSet<>(policy.gates().requiredEvidence());
            tierRules().ifPresent(t -> required.addAll(t.requiredEvidence()));
            if (!required.isEmpty()) {
                missing.add(new MissingInput(
                        Input.EVIDENCE,
                        tierRules().map(t -> t.requiredEvidence().isEmpty()).orElse(true)
                                ? "gates.requiredEvidence"
                                : "tiers." + tierName() + ".requiredEvidence",
                        "the release must have recorded " + Format.list(List.copyOf(required))));
            }
        }
        return missing;
    }

    /** The tier's name as the policy writes it (minor), or null. */
    String tierName() {
        return tier == null ? null : tier.id();
    }
}
