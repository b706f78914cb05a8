package io.jenkins.plugins.relgov.evidence;

import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.relgov.policy.LoadedPolicy;
import io.jenkins.plugins.relgov.policy.PolicyLoader;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Found by sealing a staging release in a real Jenkins and verifying it with its policy: where the policy
 * promotes automatically, {@code requireApproval} opens no request, yet the offline policy check demanded the tier's
 * sign-off, so every development and staging bundle of the shipped policies failed {@code relgov verify --policy}.
 */
class AutomaticPromotionTest {

    private static final LoadedPolicy POLICY = PolicyLoader.parse("promo.yaml", """
            name: promo
            roles:
              qa: {users: [alice]}
            tiers:
              minor: {approvals: [{role: qa, count: 1}]}
            environments:
              staging: {approval: automatic, branches: ["**"]}
              production: {approval: manual, branches: ["**"]}
            """);

    private static ReleaseEvidence release(String environment) {
        return ReleaseEvidence.start(
                new ReleaseEvidence.Release("shop", "v2.4.0", "minor", "v2.3.0", environment, "main"),
                POLICY,
                "jenkins",
                TestBundles.CLOCK);
    }

    private static List<String> findings(ReleaseEvidence ev) {
        return PolicyCompliance.check(POLICY.policy(), ev.ledger().events()).stream()
                .map(Finding::toString)
                .toList();
    }

    @Test
    void aReleaseToAnEnvironmentThatPromotesAutomaticallyNeedsNoSignOff() {
        assertThat(findings(release("staging"))).isEmpty();
    }

    @Test
    void everyOtherEnvironmentStillNeedsTheTiersSignOff() {
        String missing = "policy promo, tier minor: needs 1 distinct approver(s) of qa, found 0";
        assertThat(findings(release("production"))).containsExactly(missing);
        assertThat(findings(release("qa-lab")))
                .as("one the policy does not name")
                .containsExactly(missing);
        assertThat(findings(release(null))).as("none named").containsExactly(missing);
    }

    @Test
    void aDecisionRecordedOnTheWayIsStillChecked() {
        ReleaseEvidence ev = release("staging");
        ev.recordApproval("qa", "alice", false, "not this week");
        assertThat(findings(ev))
                .containsExactly("policy promo, tier minor: qa rejected by alice (ledger seq 1): not this week");
    }

    @Test
    void theReleaseDecisionForEachEnvironmentFollowsItsOwnRule() {
        LedgerView ledger = new LedgerView(release("production").ledger().events());
        assertThat(ReleaseDecision.findings(POLICY.policy(), ledger, "staging")).isEmpty();
        assertThat(ReleaseDecision.findings(POLICY.policy(), ledger, "production"))
                .extracting(Finding::toString)
                .containsExactly("policy promo, tier minor: needs 1 distinct approver(s) of qa, found 0");
    }
}
