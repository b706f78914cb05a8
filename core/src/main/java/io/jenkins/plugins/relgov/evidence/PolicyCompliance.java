package io.jenkins.plugins.relgov.evidence;

import io.jenkins.plugins.relgov.policy.ApprovalRule;
import io.jenkins.plugins.relgov.policy.Policy;
import io.jenkins.plugins.relgov.policy.Role;
import io.jenkins.plugins.relgov.policy.Tier;
import io.jenkins.plugins.relgov.policy.TierKind;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Whether a release's ledger satisfies a policy: the tier's approval rules (distinct approvers per
 * role, one person in one role only when the policy says so, in order when it says so), no rejection,
 * every gate's last evaluation passed or waived, and the evidence kinds the tier and the gates require (recorded, or
 * {@link DerivedEvidence} facts such as the change's reason or its back-out plan). User ids
 * are compared case-insensitively, as the approval engine does by default. Group membership cannot be known offline; fixed
 * user lists are checked.
 */
public final class PolicyCompliance {
    private PolicyCompliance() {}

    public static List<Finding> check(Policy policy, List<LedgerEvent> events) {
        return check(policy, new LedgerView(events));
    }

    /** For the environment the release started for. */
    static List<Finding> check(Policy policy, LedgerView ledger) {
        ReleaseStarted started = ledger.started();
        return check(policy, ledger, started == null ? null : started.environment());
    }

    /**
     * For a release to {@code environment}: where the policy promotes to it automatically, no sign-off is required
     * (as {@code requireApproval} opens no request there), though every decision recorded is still checked.
     */
    static List<Finding> check(Policy policy, LedgerView ledger, String environment) {
        List<Finding> out = new ArrayList<>();
        ReleaseStarted started = ledger.started();
        if (started == null) {
            out.add(new Finding("policy", "the ledger does not start with release-started"));
            return out;
        }
        String tierId = started.tier();
        Tier tier;
        try {
            tier = policy.tier(TierKind.of(tierId)).orElse(null);
        } catch (IllegalArgumentException e) {
            tier = null;
        }
        if (tier == null) {
            out.add(new Finding("policy " + policy.name(), "has no tier '" + tierId + "' (the release's tier)"));
            return out;
        }
        String where = "policy " + policy.name() + ", tier " + tierId;

        Map<String, Set<String>> approversByRole = new LinkedHashMap<>();
        Map<String, String> roleOfApprover = new LinkedHashMap<>();
        Map<String, Long> satisfiedAt = new LinkedHashMap<>();
        for (LedgerView.ApprovalDecision a : ledger.approvals()) {
            String role = a.role();
            String who = a.approver();
            long seq = a.event().seq();
            if (!a.approved()) {
                out.add(new Finding(where, role + " rejected by " + who + " (ledger seq " + seq + "): " + a.reason()));
                continue;
            }
            Role r = policy.role(role).orElse(null);
            if (r == null) {
                out.add(new Finding(where, "approval for unknown role '" + role + "' (ledger seq " + seq + ")"));
                continue;
            }
            // one person, however the id is spelt: the approval engine's default, like Jenkins's IdStrategy
            String key = who.toLowerCase(java.util.Locale.ENGLISH);
            if (r.hasBoundedMembership()
                    && r.users().stream()
                            .noneMatch(
                                    u -> u.toLowerCase(java.util.Locale.ENGLISH).equals(key))) {
                out.add(new Finding(where, who + " is not a member of " + role + " (ledger seq " + seq + ")"));
                continue;
            }
            String earlier = roleOfApprover.putIfAbsent(key, role);
            if (earlier != null && !earlier.equals(role) && policy.segregation().distinctApprovers()) {
                out.add(new Finding(
                        where,
                        who + " approved as both " + earlier + " and " + role + " (ledger seq " + seq
                                + "); the policy requires distinct approvers"));
                continue;
            }
            approversByRole.computeIfAbsent(role, k -> new LinkedHashSet<>()).add(key);
            tier.approvals().stream()
                    .filter(rule -> rule.role().equals(role))
                    .findFirst()
                    .ifPresent(rule -> {
                        if (approversByRole.get(role).size() == rule.count()) {
                            satisfiedAt.putIfAbsent(role, seq);
                        }
                    });
        }
        long last = -1;
        String lastRole = null;
        List<ApprovalRule> signOff = policy.requiresApproval(environment) ? tier.approvals() : List.of();
        for (ApprovalRule rule : signOff) {
            int have = approversByRole.getOrDefault(rule.role(), Set.of()).size();
            if (have < rule.count()) {
                out.add(new Finding(
                        where,
                        "needs " + rule.count() + " distinct approver(s) of " + rule.role() + ", found " + have));
                continue;
            }
            long at = satisfiedAt.get(rule.role());
            if (tier.ordered() && at < last) {
                out.add(new Finding(
                        where,
                        "approvals out of order: " + rule.role() + " was complete at ledger seq " + at + ", before "
                                + lastRole + " (seq " + last + ")"));
            }
            last = Math.max(last, at);
            lastRole = rule.role();
        }

        // a gate may be evaluated again until it passes: its last result counts; a waiver excuses a failure
        Map<String, LedgerView.GateEvaluation> lastGate = new LinkedHashMap<>();
        for (LedgerView.GateEvaluation g : ledger.gates()) {
            lastGate.put(g.gate(), g);
        }
        for (var g : lastGate.entrySet()) {
            if (!g.getValue().passed() && g.getValue().waiver() == null) {
                out.add(new Finding(
                        where,
                        "gate '" + g.getKey() + "' failed (ledger seq "
                                + g.getValue().event().seq() + ") without a waiver"));
            }
        }

        ChangeTrace trace = ChangeTrace.of(ledger);
        Set<String> kinds = trace.provenKinds(ledger);
        Set<String> required = new LinkedHashSet<>(tier.requiredEvidence());
        required.addAll(policy.gates().requiredEvidence());
        for (String k : required) {
            if (!kinds.contains(k)) {
                out.add(new Finding(
                        where,
                        "required evidence '" + k + "' is not recorded"
                                + DerivedEvidence.of(k)
                                        .map(d -> ": " + trace.proof(d).text())
                                        .orElse("")));
            }
        }
        return out;
    }
}
