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
import io.jenkins.plugins.relgov.signing.SigningKey;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 12.5: a rolled-back release verified "VALID … approvals and required evidence satisfied" and
 * said nothing of the rollback, and the summary's "controls covered" listed missing kinds while verify
 * said evidence was satisfied. The verifier now tells the release's outcome and explains the controls.
 */
class ReleaseStoryTest {
    private static final Instant START = Instant.parse("2026-11-22T10:00:00Z");

    /** Time that the test moves on: the approval engine, the ledger and the verifier all read it. */
    static final class MovingClock extends Clock {
        Instant now = START;

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    @TempDir
    Path dir;

    SigningKey key;
    final MovingClock clock = new MovingClock();

    @BeforeEach
    void keys() throws Exception {
        key = TestBundles.key(dir.resolve("keys"), "ec");
    }

    private VerificationReport verify(ReleaseEvidence ev, Instant verifiedAt) throws Exception {
        Path zip = TestBundles.write(ev.seal(key, "jenkins"), dir.resolve("b-" + System.nanoTime() + ".zip"), true);
        return BundleVerifier.verify(
                zip,
                new BundleVerifier.Options(key.publicKey(), INOPSIO, null, Clock.fixed(verifiedAt, ZoneOffset.UTC)));
    }

    @Test
    void aRolledBackReleaseSaysWhoApprovedThatItWasRolledBackAndWhy() throws Exception {
        ReleaseEvidence ev = TestBundles.minorRelease(dir.resolve("work"), key, false);
        // as the plugin's autoRollback records it
        ev.record(
                EventType.ROLLBACK,
                "jenkins",
                JSON.createObjectNode()
                        .put("trigger", "error-rate 7.1% > 5%")
                        .put("version", "v2.4.0")
                        .put("rollbackTo", "v2.3.1")
                        .put("environment", "production"));
        VerificationReport r = verify(ev, START);

        assertThat(r.result()).isEqualTo(VerificationReport.Result.VALID);
        ReleaseStory story = r.story();
        assertThat(story.outcome()).isEqualTo(ReleaseStory.Outcome.ROLLED_BACK);
        assertThat(story.headline())
                .isEqualTo("ROLLED BACK: approved by alice (qa-lead), bob (product-manager); deployed to production;"
                        + " ROLLED BACK to v2.3.1 because error-rate 7.1% > 5%");
        assertThat(story.rollbacks())
                .containsExactly(new ReleaseStory.Rollback(
                        "production",
                        "v2.4.0",
                        "v2.3.1",
                        "error-rate 7.1% > 5%",
                        "jenkins",
                        "2026-11-22T10:00:00Z",
                        11));
        assertThat(story.controls())
                .filteredOn(c -> c.id().equals("SOC2-CC7.2"))
                .singleElement()
                .satisfies(c -> assertThat(c.status()).isEqualTo("EVIDENCED"));
        String text = r.render();
        assertThat(text)
                .contains("\noutcome  ROLLED BACK: approved by alice (qa-lead)")
                .contains(
                        "\napproved qa-lead by alice at 2026-11-22T10:00:00Z (ledger seq 6): regression suite green\n")
                .contains("\ndeployed production by jenkins at 2026-11-22T10:00:00Z (ledger seq 10)\n")
                .contains(
                        "\nROLLBACK production v2.4.0 -> v2.3.1 by jenkins at 2026-11-22T10:00:00Z (ledger seq 11): error-rate 7.1% > 5%\n")
                .contains("\ncontrol  SOC2-CC7.2 (SOC 2, Change Control): evidenced by approval, rollback-record;"
                        + " corresponds to SOC2-CC8.1, SOC2-CC7.2-monitoring\n");
        // the story comes before the verdict, which says what VALID rests on
        assertThat(text.indexOf("ROLLBACK production")).isLessThan(text.indexOf("\nVALID: "));
        assertThat(text)
                .endsWith("VALID: the evidence is intact and sealed by the trusted key "
                        + key.publicKey().fingerprint() + "; policy inopsio (" + INOPSIO.digest() + ") is satisfied\n");
    }

    @Test
    void theControlsSayWhatIsMissingAndWhetherTheTierRequiresIt() throws Exception {
        VerificationReport r = verify(TestBundles.minorRelease(dir.resolve("work"), key, false), START);
        ReleaseStory story = r.story();
        assertThat(story.outcome()).isEqualTo(ReleaseStory.Outcome.DEPLOYED);
        assertThat(story.required())
                .isEqualTo(new ReleaseStory.RequiredEvidence(List.of("test-summary", "security-scan"), List.of()));
        assertThat(story.controls())
                .extracting(ReleaseStory.ControlCoverage::id, ReleaseStory.ControlCoverage::status)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("ISO27001-A.12", "EVIDENCED"),
                        org.assertj.core.groups.Tuple.tuple("SOC2-CC7.2", "PARTLY_EVIDENCED"),
                        org.assertj.core.groups.Tuple.tuple("ISO27001-A.14", "PARTLY_EVIDENCED"),
                        org.assertj.core.groups.Tuple.tuple("CNDP-09-08", "NOT_EVIDENCED"),
                        // the crosswalk: the release's pipeline gave no change record, and no post-deploy analysis ran
                        org.assertj.core.groups.Tuple.tuple("ISO27001-2022-A.8.32", "PARTLY_EVIDENCED"),
                        org.assertj.core.groups.Tuple.tuple("ISO27001-2022-A.5.3", "PARTLY_EVIDENCED"),
                        org.assertj.core.groups.Tuple.tuple("ISO27001-2022-A.8.29", "EVIDENCED"),
                        org.assertj.core.groups.Tuple.tuple("ISO27001-2022-A.8.31", "EVIDENCED"),
                        org.assertj.core.groups.Tuple.tuple("ISO27001-2022-A.8.15", "EVIDENCED"),
                        org.assertj.core.groups.Tuple.tuple("SOC2-CC8.1", "PARTLY_EVIDENCED"),
                        org.assertj.core.groups.Tuple.tuple("SOC2-CC7.2-monitoring", "NOT_EVIDENCED"));
        assertThat(r.render())
                .contains(
                        "\nevidence tier minor requires test-summary, security-scan: all recorded; a control below may list further"
                                + " kinds that can support it but are not required\n")
                .contains(
                        "\ncontrol  SOC2-CC7.2 (SOC 2, Change Control): partly evidenced by approval; missing: rollback-record"
                                + " (no rollback event: it is recorded only when one happens; not required for tier minor);"
                                + " corresponds to SOC2-CC8.1, SOC2-CC7.2-monitoring\n")
                .contains(
                        "\ncontrol  ISO27001-A.14 (ISO 27001, System Acquisition Testing): partly evidenced by test-summary,"
                                + " security-scan; missing: qa-evidence (not required for tier minor);"
                                + " corresponds to ISO27001-2022-A.8.29, ISO27001-2022-A.8.32\n")
                .contains("\ncontrol  CNDP-09-08 (Morocco Law 09-08, CNDP Data Change Notice): NOT EVIDENCED; missing:"
                        + " regulatory-notification (not required for tier minor)\n")
                .contains(
                        "\ncontrol  ISO27001-2022-A.5.3 (ISO/IEC 27001:2022, Segregation of duties): partly evidenced by"
                                + " approval; missing: requester (no change record or approval request names one; not required for tier"
                                + " minor), segregation-of-duties (cannot be shown: the ledger names no requester to compare the approvers"
                                + " with (no change record or approval request names one); not required for tier minor)\n");
    }

    @Test
    void aRejectedReleaseIsAGovernanceFindingAndStillHasItsStory() throws Exception {
        var ev = ReleaseEvidence.start(
                new ReleaseEvidence.Release("shop", "v2.5.0", "minor"), INOPSIO, "jenkins", clock);
        ev.recordApproval("qa-lead", "alice", true, null);
        ev.recordApproval("product-manager", "bob", false, "pen test findings open \u001b[2J\u202e");
        VerificationReport r = verify(ev, START);
        assertThat(r.result()).isEqualTo(VerificationReport.Result.INVALID);
        assertThat(r.story().outcome()).isEqualTo(ReleaseStory.Outcome.NOT_APPROVED);
        // recorded text reaches the console escaped: no terminal escape, no bidi override
        assertThat(r.render())
                .contains(
                        "\nREJECTED product-manager by bob at 2026-11-22T10:00:00Z (ledger seq 2): pen test findings open \\x1b[2J\\u202e\n")
                .doesNotContain("\u001b")
                .doesNotContain("\u202e");
    }

    @Test
    void aTamperedBundleTellsNoStory() throws Exception {
        Path zip = TestBundles.write(
                TestBundles.minorRelease(dir.resolve("work"), key, false).seal(key, "jenkins"),
                dir.resolve("b.zip"),
                true);
        Path bad = TestBundles.rewrite(
                zip,
                dir.resolve("bad.zip"),
                Map.of("evidence/junit/TEST-shop.xml", b -> "<x/>".getBytes(StandardCharsets.UTF_8)));
        VerificationReport r = BundleVerifier.verify(bad, new BundleVerifier.Options(key.publicKey(), INOPSIO, null));
        assertThat(r.story()).isNull();
        assertThat(r.render()).doesNotContain("outcome ");
    }

    @Test
    void oddPayloadsInASelfConsistentLedgerNeverBreakTheStory() throws Exception {
        var ev = ReleaseEvidence.start(
                new ReleaseEvidence.Release("shop", "v2.5.0", "minor"), INOPSIO, "jenkins", clock);
        var approval =
                JSON.createObjectNode().put("approver", 5).putNull("decision").put("request", "r1");
        approval.putObject("role").put("x", 1);
        approval.putObject("event").put("type", "approved");
        ev.ledger().append(EventType.APPROVAL_DECIDED, "mallory", approval);
        var opened = JSON.createObjectNode().put("kind", "approval-request");
        opened.putObject("record")
                .put("request", "r2")
                .putObject("event")
                .put("type", "opened")
                .put("spec", "?");
        ev.ledger().append(EventType.EVIDENCE_RECORDED, "mallory", opened);
        ev.ledger()
                .append(
                        EventType.ROLLBACK,
                        "mallory",
                        JSON.createObjectNode()
                                .set("environment", JSON.createArrayNode().add(1)));
        ev.ledger().append(EventType.REVIEW, "mallory", JSON.createObjectNode());
        ev.ledger()
                .append(EventType.DEPLOYMENT, "mallory", JSON.createObjectNode().put("version", 3));
        VerificationReport r = verify(ev, START);

        assertThat(r.problems())
                .extracting(Finding::toString)
                .allSatisfy(p -> assertThat(p).startsWith("policy inopsio, tier minor: "));
        ReleaseStory story = r.story();
        assertThat(story.outcome()).isEqualTo(ReleaseStory.Outcome.ROLLED_BACK);
        assertThat(story.approvals())
                .singleElement()
                .satisfies(a -> assertThat(a.role()).isEqualTo("{\"x\":1}"));
        assertThat(story.notes())
                .hasSize(2)
                .allSatisfy(n -> assertThat(n).contains("do not replay through the approval engine"));
        assertThat(r.render())
                .contains("\nROLLBACK [1] by mallory at")
                .contains("\noutcome  ROLLED BACK: approved by 5 ({\"x\":1}); deployed; ROLLED BACK\n")
                .contains("\nnote     approval request r1: ");
    }

    // ---- post-hoc reviews: the hotfix path (inopsio's emergency tier) through the approval engine -------------

    private ApprovalState state;

    /** A hotfix release whose approval request the engine opens (and approves: the tier needs no approver). */
    private ReleaseEvidence hotfix() throws Exception {
        var ev = ReleaseEvidence.start(
                new ReleaseEvidence.Release("shop", "v2.4.1", "emergency"), INOPSIO, "jenkins", clock);
        Path report = Files.writeString(dir.resolve("t.xml"), "<testsuite tests=\"1\"/>");
        ev.recordFile(report, "t.xml", "test-summary", "jenkins");
        RequestSpec spec = new RequestSpec(
                "v2.4.1",
                TierKind.EMERGENCY,
                "production",
                "inopsio",
                INOPSIO.digest().toString(),
                "shop#7",
                "trent",
                List.of(),
                false);
        apply(ev, Approvals.open(INOPSIO.policy(), spec, MembershipMatcher.DEFAULT, clock));
        return ev;
    }

    private void apply(ReleaseEvidence ev, Outcome o) {
        state = o.state();
        List<String> controls = INOPSIO.policy().controlsFor("approval").stream()
                .map(Control::id)
                .toList();
        for (ApprovalEvidence.Entry e : ApprovalEvidence.entries("shop#7/approval", o.state(), o.events(), controls)) {
            ev.ledger().append(e.type(), e.actor(), e.payload());
        }
    }

    @Test
    void aPostHocReviewOpenWhenSealedSaysWhenItIsDue() throws Exception {
        ReleaseEvidence ev = hotfix();
        clock.advance(Duration.ofHours(1));
        Path zip = TestBundles.write(ev.seal(key, "jenkins"), dir.resolve("h.zip"), true);
        Instant due = START.plus(Duration.ofHours(72));

        VerificationReport soon = BundleVerifier.verify(
                zip,
                new BundleVerifier.Options(
                        key.publicKey(), INOPSIO, null, Clock.fixed(START.plus(Duration.ofHours(2)), ZoneOffset.UTC)));
        assertThat(soon.result()).isEqualTo(VerificationReport.Result.VALID);
        assertThat(soon.story().reviews())
                .containsExactly(new ReleaseStory.PostHocReview(
                        "AFTER_RELEASE",
                        List.of("ciso", "devops-lead"),
                        due.toString(),
                        "OPEN",
                        List.of("ciso", "devops-lead"),
                        List.of(),
                        false));
        assertThat(soon.story().requests())
                .singleElement()
                .satisfies(q -> assertThat(q.status()).isEqualTo("APPROVED"));
        assertThat(soon.render())
                .contains("\nreview   after-release review by ciso, devops-lead, due " + due
                        + ": OPEN when sealed; missing ciso, devops-lead\n")
                .contains("1 post-hoc review(s) not done when sealed");

        VerificationReport later = BundleVerifier.verify(
                zip,
                new BundleVerifier.Options(
                        key.publicKey(), INOPSIO, null, Clock.fixed(START.plus(Duration.ofDays(30)), ZoneOffset.UTC)));
        assertThat(later.story().reviews())
                .singleElement()
                .satisfies(r -> assertThat(r.deadlinePassed()).isTrue());
        assertThat(later.render())
                .contains(
                        ": OPEN when sealed; its deadline has passed since, and this bundle cannot show a later review;"
                                + " missing ciso, devops-lead\n");
    }

    @Test
    void aPostHocReviewDoneOrOverdueWhenSealed() throws Exception {
        ReleaseEvidence done = hotfix();
        clock.advance(Duration.ofHours(5));
        apply(
                done,
                Approvals.decide(
                        state,
                        Decision.review(Identity.user("erin", "devops-lead"), null, "rollback plan verified"),
                        clock));
        apply(
                done,
                Approvals.decide(state, Decision.review(Identity.user("bob", "ciso"), null, "no new exposure"), clock));
        VerificationReport r = verify(done, clock.instant());
        assertThat(r.story().reviews()).singleElement().satisfies(rv -> {
            assertThat(rv.status()).isEqualTo("COMPLETED");
            assertThat(rv.reviewers()).containsExactly("erin (devops-lead)", "bob (ciso)");
        });
        assertThat(r.story().headline()).endsWith("; post-hoc review done");
        assertThat(r.story().reviewEvents())
                .as("engine reviews are told once, as the review")
                .isEmpty();

        clock.now = START;
        ReleaseEvidence overdue = hotfix();
        clock.advance(Duration.ofHours(80));
        VerificationReport o = verify(overdue, clock.instant());
        assertThat(o.story().reviews())
                .singleElement()
                .satisfies(rv -> assertThat(rv.status()).isEqualTo("OVERDUE"));
        assertThat(o.render()).contains(": OVERDUE when sealed; missing ciso, devops-lead\n");
    }
}
