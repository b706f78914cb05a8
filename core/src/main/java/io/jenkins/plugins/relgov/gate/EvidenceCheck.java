package io.jenkins.plugins.relgov.gate;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code evidence.<kind>}: each evidence kind the gates or the release's tier require is already recorded.
 */
final class EvidenceCheck implements GateCheck {

    @Override
    public List<CheckResult> evaluate(GateContext c) {
        Map<String, String> required = new LinkedHashMap<>(); // kind -> the rule that requires it
        c.policy().gates().requiredEvidence().forEach(k -> required.putIfAbsent(k, "gates.requiredEvidence"));
        c.tierRules()
                .ifPresent(t -> t.requiredEvidence()
                        .forEach(k -> required.putIfAbsent(k, "tiers." + c.tierName() + ".requiredEvidence")));
        if (required.isEmpty()) {
            return List.of(CheckResult.notApplicable(
                    "evidence",
                    "gates.requiredEvidence",
                    c.tier() == null
                            ? "the gates require no evidence (tier unknown)"
                            : "neither the gates nor tier " + c.tierName() + " require evidence"));
        }
        List<CheckResult> results = new ArrayList<>();
        required.forEach((kind, rule) -> results.add(check(c, kind, rule)));
        return results;
    }

    private static CheckResult check(GateContext c, String kind, String rule) {
        String id = "evidence." + kind;
        if (c.evidence() == null) {
            return CheckResult.error(id, "recorded", rule, "no evidence store given, and " + kind + " is required");
        }
        Optional<String> where;
        try {
            where = c.evidence().find(kind);
        } catch (RuntimeException e) {
            return CheckResult.error(id, "recorded", rule, e.getMessage());
        }
        return where.map(w -> CheckResult.pass(id, w, "recorded", rule, kind + " is recorded (" + w + ")"))
                .orElseGet(() -> CheckResult.fail(
                        id,
                        "missing",
                        "recorded",
                        rule,
                        "no " + kind + " evidence is recorded in "
                                + c.evidence().describe()));
    }
}
