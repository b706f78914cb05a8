package io.jenkins.plugins.relgov.evidence;

import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.relgov.approval.ApprovalEvent;
import io.jenkins.plugins.relgov.approval.ApprovalJson;
import io.jenkins.plugins.relgov.approval.ApprovalState;
import io.jenkins.plugins.relgov.approval.Approvals;
import io.jenkins.plugins.relgov.approval.Decision;
import io.jenkins.plugins.relgov.approval.Identity;
import io.jenkins.plugins.relgov.approval.MembershipMatcher;
import io.jenkins.plugins.relgov.approval.Outcome;
import io.jenkins.plugins.relgov.approval.RequestSpec;
import io.jenkins.plugins.relgov.policy.Control;
import io.jenkins.plugins.relgov.policy.LoadedPolicy;
import io.jenkins.plugins.relgov.policy.Policy;
import io.jenkins.plugins.relgov.policy.ShippedPolicies;
import io.jenkins.plugins.relgov.policy.TierKind;
import io.jenkins.plugins.relgov.signing.SigningKey;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The ledger entries the Jenkins plugin writes for approvals: the offline verifier counts exactly the
 * approvals the engine accepted, never a refusal, an opening, a timeout or a break-glass, and a bundle
 * built from them verifies.
 */
class ApprovalEvidenceTest {

    private static final Clock CLOCK = Clock.systemUTC();
    private static final LoadedPolicy LOADED = ShippedPolicies.loaded("inopsio");
    private static final Policy INOPSIO = LOADED.policy();
    private static final List<String> APPROVAL_CONTROLS =
            INOPSIO.controlsFor("approval").stream().map(Control::id).toList();

    @TempDir
    Path tmp;

    /** A ledger as the plugin writes it: release-started, then each engine outcome's entries. */
    private final Ledger ledger = Ledger.inMemory(CLOCK);

    private ApprovalState state;

    private static byte[] policyBytes() throws Exception {
        try (InputStream in =
                ShippedPolicies.class.getResourceAsStream("/io/jenkins/plugins/relgov/policies/inopsio.yaml")) {
            return in.readAllBytes();
        }
    }

    /** The approval findings of the offline policy check (evidence kinds are another step's business). */
    private List<String> approvalFindings() {
        return PolicyCompliance.check(INOPSIO, ledger.events()).stream()
                .map(Finding::what)
                .filter(w -> !w.startsWith("required evidence"))
                .toList();
    }

    private void open(TierKind tier, String triggerer) throws Exception {
        ledger.append(
                EventType.RELEASE_STARTED,
                "jenkins",
                ReleaseStarted.of(
                                new ReleaseEvidence.Release("shop", "3.0.0", tier.id()),
                                "inopsio",
                                "policy/inopsio.yaml",
                                Sha256.of(policyBytes()),
                                LOADED.digest().toString(),
                                "shipped")
                        .payload());
        RequestSpec spec = new RequestSpec(
                "3.0.0",
                tier,
                "production",
                "inopsio",
                LOADED.digest().toString(),
                "shop#1",
                triggerer,
                List.of("mallory"),
                false);
        apply(Approvals.open(INOPSIO, spec, MembershipMatcher.DEFAULT, CLOCK));
    }

    private Outcome apply(Outcome o) {
        state = o.state();
        for (ApprovalEvidence.Entry e : ApprovalEvidence.entries("1", o.state(), o.events(), APPROVAL_CONTROLS)) {
            ledger.append(e.type(), e.actor(), e.payload());
        }
        return o;
    }

    private Outcome decide(Decision d) {
        return apply(Approvals.decide(state, d, CLOCK));
    }

    private List<String> types() {
        return ledger.events().stream().map(LedgerEvent::type).toList();
    }

    @Test
    void aQuorumWithRefusalsIsCountedExactly() throws Exception {
        open(TierKind.MAJOR, "trent");
        assertThat(decide(Decision.approve(Identity.user("trent", "executive-board")))
                        .accepted())
                .isFalse();
        assertThat(decide(Decision.approve(Identity.user("mallory", "ciso"))).accepted())
                .isFalse();
        decide(Decision.approve(Identity.user("alice", "executive-board"), null, "board agrees"));
        assertThat(approvalFindings()).containsExactly("needs 1 distinct approver(s) of ciso, found 0");
        decide(Decision.approve(Identity.user("bob", "ciso")));

        assertThat(types())
                .containsExactly(
                        "release-started",
                        "evidence-recorded",
                        "approval-refused",
                        "approval-refused",
                        "approval-decided",
                        "approval-decided");
        assertThat(approvalFindings()).isEmpty();
        LedgerEvent alice = ledger.events().get(4);
        assertThat(alice.actor()).isEqualTo("alice");
        assertThat(alice.payload().path("role").asText()).isEqualTo("executive-board");
        assertThat(alice.payload().path("controls").get(0).asText()).isEqualTo("SOC2-CC7.2");
        LedgerEvent refused = ledger.events().get(2);
        assertThat(refused.payload().path("code").asText()).isEqualTo("TRIGGERER");
        assertThat(refused.payload().path("reason").asText()).contains("started this build");
        // the engine's own event travels with each entry and reads back as the same event
        List<ApprovalEvent> back = new ArrayList<>();
        for (LedgerEvent e : ledger.events().subList(1, 6)) {
            var node = e.type().equals("evidence-recorded")
                    ? e.payload().path("record").path("event")
                    : e.payload().path("event");
            back.add(ApprovalJson.read("[" + node + "]").get(0));
        }
        assertThat(back).isEqualTo(state.events());
    }

    @Test
    void breakGlassIsEvidenceButNeverAnApproval() throws Exception {
        open(TierKind.MAJOR, "trent");
        decide(Decision.breakGlass(Identity.admin("root"), "INC-42 payment outage"));
        decide(Decision.review(Identity.user("bob", "ciso"), null, "checked"));

        assertThat(types()).containsExactly("release-started", "evidence-recorded", "evidence-recorded", "review");
        LedgerEvent glass = ledger.events().get(2);
        assertThat(glass.payload().path("kind").asText()).isEqualTo("break-glass");
        assertThat(glass.actor()).isEqualTo("root");
        assertThat(Ledger.recordedKinds(ledger.events())).contains("break-glass", "approval-request");
        // offline, the verifier sees the quorum was not met: nobody approved as a role
        assertThat(approvalFindings())
                .containsExactly(
                        "needs 1 distinct approver(s) of executive-board, found 0",
                        "needs 1 distinct approver(s) of ciso, found 0");
    }

    @Test
    void aRejectionNamesTheRoleTheRejecterActedFor() throws Exception {
        open(TierKind.MAJOR, "trent");
        decide(Decision.reject(Identity.user("bob", "ciso"), "pen test findings open"));
        LedgerEvent rejected = ledger.events().get(2);
        assertThat(rejected.type()).isEqualTo("approval-decided");
        assertThat(rejected.payload().path("decision").asText()).isEqualTo("reject");
        assertThat(rejected.payload().path("role").asText()).isEqualTo("ciso");
        assertThat(approvalFindings()).contains("ciso rejected by bob (ledger seq 2): pen test findings open");
    }

    @Test
    void aSupersededRequestIsRecordedAndTheReleaseWasNotApproved() throws Exception {
        open(TierKind.MAJOR, "trent");
        decide(Decision.approve(Identity.user("alice", "executive-board")));
        apply(Approvals.supersede(state, "shop#2", CLOCK));

        assertThat(types())
                .containsExactly("release-started", "evidence-recorded", "approval-decided", "evidence-recorded");
        LedgerEvent end = ledger.events().get(3);
        assertThat(end.actor()).isEqualTo("jenkins");
        assertThat(end.payload().path("kind").asText()).isEqualTo("approval-superseded");
        assertThat(end.payload().path("record").path("status").asText()).isEqualTo("SUPERSEDED");
        assertThat(end.payload().path("record").path("event").path("by").asText())
                .isEqualTo("shop#2");
        // a superseded request is no approval: the quorum still lacks the CISO offline
        assertThat(approvalFindings()).containsExactly("needs 1 distinct approver(s) of ciso, found 0");
        ReleaseStory story = ReleaseStory.live(new LedgerView(ledger.events()), LOADED, CLOCK.instant());
        assertThat(story.outcome()).isEqualTo(ReleaseStory.Outcome.NOT_APPROVED);
        assertThat(story.headline()).contains("approval request 1 superseded");
    }

    @Test
    void theHotfixPathRecordsTheRequestAndItsReview() throws Exception {
        open(TierKind.EMERGENCY, "trent");
        decide(Decision.review(Identity.user("erin", "devops-lead"), null, "rollback plan verified"));
        assertThat(types()).containsExactly("release-started", "evidence-recorded", "review");
        assertThat(ledger.events()
                        .get(1)
                        .payload()
                        .path("record")
                        .path("status")
                        .asText())
                .isEqualTo("APPROVED");
        assertThat(approvalFindings()).isEmpty();
    }

    @Test
    void aBundleWithApprovalEntriesSealsAndVerifiesOffline() throws Exception {
        SigningKey key = TestBundles.key(tmp.resolve("keys"), "ec");
        open(TierKind.MAJOR, "trent");
        decide(Decision.approve(Identity.user("mallory", "executive-board")));
        decide(Decision.approve(Identity.user("alice", "executive-board")));
        decide(Decision.approve(Identity.user("bob", "ciso")));
        byte[] policyBytes = policyBytes();
        Path zip = tmp.resolve("bundle.zip");
        ReleaseEvidence.resume(Ledger.of(ledger.events(), CLOCK), LOADED, policyBytes, tmp::resolve, CLOCK)
                .seal(key, "jenkins")
                .writeZip(zip, true);
        VerificationReport report = BundleVerifier.verify(
                zip, new BundleVerifier.Options(TestBundles.pub(tmp.resolve("keys")), null, null));
        assertThat(report.problems()).isEmpty();
        assertThat(report.valid()).isTrue();
    }
}
