package io.jenkins.plugins.relgov.evidence;

import static io.jenkins.plugins.relgov.evidence.TestBundles.INOPSIO;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Review attack: the auditor's policy check compared approvers by exact spelling, while the approval engine
 * (like Jenkins's default IdStrategy) treats user ids case-insensitively. A ledger in which {@code alice}
 * approved as QA lead and {@code Alice} as product manager (one person, two roles), or in which {@code bob}
 * and {@code BOB} made up a role's two approvals, passed the offline check.
 */
class ComplianceIdentityTest {

    static List<String> findings(String... roleThenApprover) {
        var ev = ReleaseEvidence.start(
                new ReleaseEvidence.Release("shop", "v2.4.0", "minor"), INOPSIO, "jenkins", TestBundles.CLOCK);
        for (int i = 0; i < roleThenApprover.length; i += 2) {
            ev.recordApproval(roleThenApprover[i], roleThenApprover[i + 1], true, null);
        }
        return PolicyCompliance.check(INOPSIO.policy(), ev.ledger().events()).stream()
                .map(Finding::toString)
                .toList();
    }

    @Test
    void onePersonInTwoRolesIsCaughtWhateverTheCase() {
        assertThat(findings("qa-lead", "alice", "product-manager", "Alice"))
                .anySatisfy(f -> assertThat(f).contains("approved as both qa-lead and product-manager"));
    }

    @Test
    void twoSpellingsOfOnePersonAreNotTwoApprovers() {
        var cab = io.jenkins.plugins.relgov.policy.PolicyLoader.parse("cab.yaml", """
                name: cab
                roles:
                  cab: {groups: [cab]}
                tiers:
                  minor: {approvals: [{role: cab, count: 2}]}
                """);
        var ev = ReleaseEvidence.start(
                new ReleaseEvidence.Release("shop", "v2.4.0", "minor"), cab, "jenkins", TestBundles.CLOCK);
        ev.recordApproval("cab", "bob", true, null);
        ev.recordApproval("cab", "BOB", true, null);
        assertThat(PolicyCompliance.check(cab.policy(), ev.ledger().events()))
                .extracting(Finding::toString)
                .containsExactly("policy cab, tier minor: needs 2 distinct approver(s) of cab, found 1");
        ev.recordApproval("cab", "carol", true, null);
        assertThat(PolicyCompliance.check(cab.policy(), ev.ledger().events())).isEmpty();
    }
}
