package io.jenkins.plugins.relgov.evidence;

import static io.jenkins.plugins.relgov.evidence.TestBundles.INOPSIO;
import static io.jenkins.plugins.relgov.evidence.TestBundles.JSON;
import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.relgov.approval.ApprovalState;
import io.jenkins.plugins.relgov.approval.Approvals;
import io.jenkins.plugins.relgov.approval.Decision;
import io.jenkins.plugins.relgov.approval.Identity;
import io.jenkins.plugins.relgov.approval.MembershipMatcher;
import io.jenkins.plugins.relgov.approval.Outcome;
import io.jenkins.plugins.relgov.approval.RequestSpec;
import io.jenkins.plugins.relgov.policy.Control;
import io.jenkins.plugins.relgov.policy.TierKind;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A release at a glance, as Jenkins' history and trend pages read it from the ledger. */
class ReleaseOverviewTest {

    private final ReleaseStoryTest.MovingClock clock = new ReleaseStoryTest.MovingClock();
    private ApprovalState state;

    private void apply(ReleaseEvidence ev, Outcome o) {
        state = o.state();
        List<String> controls = INOPSIO.policy().controlsFor("approval").stream()
                .map(Control::id)
                .toList();
        for (ApprovalEvidence.Entry e : ApprovalEvidence.entries("1", o.state(), o.events(), controls)) {
            ev.ledger().append(e.type(), e.actor(), e.payload());
        }
    }

    /** A gate check as the plugin's releaseGate records it: the check's JSON as "detail". */
    private static void gate(ReleaseEvidence ev, String id, boolean passed, String measured, boolean waived) {
        var detail = JSON.createObjectNode()
                .put("id", id)
                .put("status", passed ? "PASS" : "FAIL")
                .put("measured", measured);
        if (waived) {
            detail.putObject("waiver")
                    .put("check", id)
                    .put("acceptedBy", "carol")
                    .put("reason", "known flake");
        }
        ev.record(
                EventType.GATE_EVALUATED,
                "jenkins",
                JSON.createObjectNode().put("gate", id).put("passed", passed).set("detail", detail));
    }

    @Test
    void gateCountsMeasuresApproversAndTheTimeToApproval() {
        ReleaseEvidence ev = ReleaseEvidence.start(
                new ReleaseEvidence.Release("shop", "v2.5.0", "minor"), INOPSIO, "jenkins", clock);
        gate(ev, "tests", true, "3 tests: 0 failed", false);
        gate(ev, "coverage.line", true, "93.1%", false);
        gate(ev, "findings.critical", false, "2 critical", false);
        gate(ev, "findings.critical", false, "1 critical", true); // re-evaluated, then waived: the last word counts
        RequestSpec spec = new RequestSpec(
                "v2.5.0",
                TierKind.MINOR,
                "production",
                "inopsio",
                INOPSIO.digest().toString(),
                "shop#8",
                "trent",
                List.of(),
                false);
        apply(ev, Approvals.open(INOPSIO.policy(), spec, MembershipMatcher.DEFAULT, clock));
        clock.advance(Duration.ofMinutes(20));
        apply(
                ev,
                Approvals.decide(
                        state, Decision.approve(Identity.user("carol", "qa-lead"), "qa-lead", "green"), clock));
        clock.advance(Duration.ofMinutes(25));
        apply(
                ev,
                Approvals.decide(
                        state,
                        Decision.approve(Identity.user("dave", "product-manager"), "product-manager", null),
                        clock));

        ReleaseOverview o = ReleaseOverview.of(new LedgerView(ev.ledger().events()), INOPSIO, clock.instant());
        assertThat(o.version()).isEqualTo("v2.5.0");
        assertThat(o.tier()).isEqualTo("minor");
        assertThat(o.outcome()).isEqualTo(ReleaseStory.Outcome.APPROVED);
        assertThat(o.approvers()).containsExactly("carol (qa-lead)", "dave (product-manager)");
        assertThat(o.gatesPassed()).isEqualTo(2);
        assertThat(o.gatesFailed()).isZero();
        assertThat(o.failedChecks()).isEmpty();
        assertThat(o.gatesWaived()).isEqualTo(1);
        assertThat(o.lineCoverage()).isEqualTo(93.1);
        assertThat(o.criticalFindings()).isEqualTo(1);
        assertThat(o.timeToApproval()).isEqualTo(Duration.ofMinutes(45));
        // minor releases require a test summary and a security scan, which this ledger lacks, and a change record
        assertThat(o.missing())
                .contains("evidence: test-summary", "evidence: security-scan", "change record: change id");
    }

    @Test
    void aReleaseThatNeverReachedApprovalHasNoLeadTimeAndSaysNothingWasRecorded() {
        ReleaseEvidence ev = ReleaseEvidence.start(
                new ReleaseEvidence.Release("shop", "v2.5.1", "patch"), INOPSIO, "jenkins", clock);
        gate(ev, "tests", false, "3 tests: 1 failed", false);
        ReleaseOverview o = ReleaseOverview.of(new LedgerView(ev.ledger().events()), INOPSIO, Instant.now());
        assertThat(o.outcome()).isEqualTo(ReleaseStory.Outcome.NOTHING_RECORDED);
        assertThat(o.gatesFailed()).isEqualTo(1);
        assertThat(o.failedChecks()).containsExactly("tests");
        assertThat(o.timeToApproval()).isNull();
        assertThat(o.lineCoverage()).isNull();
        assertThat(o.approvers()).isEmpty();
    }
}
