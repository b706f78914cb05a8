package io.jenkins.plugins.relgov.gate;

import io.jenkins.plugins.relgov.policy.Environment;
import io.jenkins.plugins.relgov.policy.FreezeWindow;
import io.jenkins.plugins.relgov.policy.Gates;
import io.jenkins.plugins.relgov.policy.Policy;
import io.jenkins.plugins.relgov.policy.Threshold;
import io.jenkins.plugins.relgov.policy.Tier;
import io.jenkins.plugins.relgov.policy.TierKind;
import io.jenkins.plugins.relgov.policy.Waiver;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Policies shaped like the shipped inopsio policy's gates, environments and tiers, with what a test varies. */
final class TestPolicies {
    private TestPolicies() {}

    static Gates inopsioGates() {
        return new Gates(
                true,
                Threshold.parse("> 90%"),
                null,
                0,
                null,
                List.of(),
                List.of(),
                Gates.OnFailure.FAIL,
                null,
                List.of());
    }

    static Gates with(Gates g, List<FreezeWindow> freeze, List<Waiver> waivers) {
        return new Gates(
                g.testsMustPass(),
                g.lineCoverage(),
                g.branchCoverage(),
                g.maxCritical(),
                g.maxHigh(),
                freeze,
                g.requiredEvidence(),
                g.onFailure(),
                g.reevaluation(),
                waivers);
    }

    static Policy policy(Gates gates) {
        Map<TierKind, Tier> tiers = new LinkedHashMap<>();
        tiers.put(
                TierKind.MINOR,
                new Tier(
                        TierKind.MINOR,
                        "vX.Y.0",
                        "monthly",
                        "features",
                        List.of(),
                        true,
                        null,
                        null,
                        List.of("test-summary", "security-scan"),
                        null,
                        List.of()));
        tiers.put(
                TierKind.EMERGENCY,
                new Tier(
                        TierKind.EMERGENCY,
                        "vX.Y.Z",
                        "on-demand",
                        "hotfix",
                        List.of(),
                        false,
                        null,
                        null,
                        List.of("test-summary"),
                        null,
                        List.of("hotfix/*")));
        Map<String, Environment> envs = new LinkedHashMap<>();
        envs.put(
                "staging",
                new Environment(
                        "staging", Environment.ApprovalMode.AUTOMATIC, List.of("main"), null, null, null, null, true));
        envs.put(
                "production",
                new Environment(
                        "production",
                        Environment.ApprovalMode.MANUAL,
                        List.of("release/*", "hotfix/*"),
                        null,
                        null,
                        null,
                        null,
                        true));
        envs.put(
                "sandbox",
                new Environment(
                        "sandbox", Environment.ApprovalMode.AUTOMATIC, List.of(), null, null, null, null, true));
        return new Policy(
                "inopsio", "t", "d", Map.of(), tiers, envs, gates, null, null, null, null, null, null, null, null,
                null);
    }
}
