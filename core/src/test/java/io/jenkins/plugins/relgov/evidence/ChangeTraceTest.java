package io.jenkins.plugins.relgov.evidence;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jenkins.plugins.relgov.policy.LoadedPolicy;
import io.jenkins.plugins.relgov.policy.PolicyLoader;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The fields an auditor samples when tracing a change, read from the ledger: each present with where it comes from,
 * or missing with why, never silently absent; and the derived evidence kinds a policy can require.
 */
class ChangeTraceTest {
    /** A policy whose patch tier requires every change-record fact, and whose controls declare them. */
    static final LoadedPolicy STRICT = PolicyLoader.parse("strict.yaml", """
            name: strict
            roles:
              cab: {groups: [cab]}
              ciso: {groups: [ciso]}
            tiers:
              patch:
                approvals: [{role: cab}]
                requiredEvidence: [change-id, change-reason, security-impact, backout-plan, segregation-of-duties]
              emergency:
                branches: ["hotfix/*"]
                approvals: []
                requiredEvidence: [post-hoc-approval]
                postHocReview: {roles: [ciso], within: 72h}
            controls:
              - {id: PCI-DSS-6.5.1, framework: PCI DSS v4.0, evidence: [change-id, change-reason, security-impact, approval, backout-plan]}
              - {id: DORA-RTS-2024-1774-Art17, framework: EU 2024/1774, evidence: [requester, segregation-of-duties, post-hoc-approval]}
            """);

    static ReleaseEvidence release(String tier) {
        return ReleaseEvidence.start(
                new ReleaseEvidence.Release("shop", "v2.4.1", tier), STRICT, "jenkins", TestBundles.CLOCK);
    }

    static Map<String, ChangeTrace.Field> fields(ReleaseEvidence ev) {
        return ChangeTrace.of(new LedgerView(ev.ledger().events())).fields().stream()
                .collect(Collectors.toMap(ChangeTrace.Field::field, f -> f));
    }

    static List<String> findings(ReleaseEvidence ev) {
        return PolicyCompliance.check(STRICT.policy(), ev.ledger().events()).stream()
                .map(Finding::toString)
                .toList();
    }

    @Test
    void aPipelineThatSaysNothingAboutItsChangeShowsEveryGapAsMissing() {
        ReleaseEvidence ev = release("patch");
        ChangeTrace trace = ChangeTrace.of(new LedgerView(ev.ledger().events()));
        assertThat(trace.fields()).extracting(ChangeTrace.Field::field).containsExactlyElementsOf(ChangeTrace.FIELDS);
        assertThat(trace.fields())
                .filteredOn(f -> !f.present())
                .extracting(ChangeTrace.Field::field)
                .containsExactly(
                        "change id",
                        "reason",
                        "security impact",
                        "requester",
                        "approvals",
                        "segregation of duties",
                        "tests and scans",
                        "artifacts",
                        "target environment",
                        "deployment",
                        "back-out plan");
        // whether the back-out ran, and whether it was an emergency, are facts either way
        assertThat(fields(ev).get("back-out ran").value()).isEqualTo("no: no rollback recorded");
        assertThat(fields(ev).get("emergency").value()).isEqualTo("no (tier patch)");
        assertThat(fields(ev).get("back-out plan").missing())
                .isEqualTo("no change record gives it; a pipeline records it with"
                        + " recordEvidence type: 'change-record', data: [backoutPlan: '...']");
        // and a policy that requires them says which are missing, and how to give them
        assertThat(findings(ev))
                .contains(
                        "policy strict, tier patch: required evidence 'change-id' is not recorded: no change record gives it; a pipeline"
                                + " records it with recordEvidence type: 'change-record', data: [id: '...']",
                        "policy strict, tier patch: required evidence 'segregation-of-duties' is not recorded: no approval recorded");
    }

    @Test
    void aCompleteChangeRecordWithAnIndependentApprovalSatisfiesThePolicy() {
        ReleaseEvidence ev = release("patch");
        ev.recordChange(
                new ChangeRecord("CHG-1234", "fix rounding in invoices", "none: display only", "carol", null, null),
                "carol");
        ev.recordChange(
                new ChangeRecord(null, null, null, null, "make rollback ENV=production VERSION=v2.4.0", null),
                "jenkins");
        ev.recordApproval("cab", "dave", true, "CAB 2026-11-21");
        assertThat(findings(ev)).isEmpty();
        Map<String, ChangeTrace.Field> f = fields(ev);
        assertThat(f.get("change id")).isEqualTo(new ChangeTrace.Field("change id", "CHG-1234", List.of(1L), null));
        assertThat(f.get("back-out plan").seqs()).containsExactly(2L); // a later record adds what the first lacked
        assertThat(f.get("segregation of duties").value())
                .isEqualTo("1 approver(s), each one person in one role; none is the requester (carol) or a deployer");
        assertThat(ev.ledger().whereRecorded("segregation-of-duties"))
                .hasValueSatisfying(w -> assertThat(w).endsWith("(ledger seq 3)"));
        assertThat(ev.ledger().whereRecorded("change-reason")).contains("fix rounding in invoices (ledger seq 1)");
    }

    @Test
    void anApproverWhoRequestedWroteOrDeployedTheChangeIsNotIndependent() {
        ReleaseEvidence ev = release("patch");
        ObjectNode request = TestBundles.JSON.createObjectNode().put("environment", "production");
        request.putObject("event")
                .put("type", "opened")
                .putObject("spec")
                .put("triggerer", "Trent")
                .putArray("commitAuthors")
                .add("erin");
        ev.recordRecord("approval-request", request, "jenkins");
        ev.recordApproval("cab", "trent", true, null);
        ev.recordApproval("cab", "erin", true, null);
        ev.recordApproval("cab", "frank", true, null);
        ev.record(
                EventType.DEPLOYMENT,
                "frank",
                TestBundles.JSON.createObjectNode().put("environment", "production"));
        ChangeTrace.Field sod = fields(ev).get("segregation of duties");
        assertThat(sod.present()).isFalse();
        assertThat(sod.missing())
                .isEqualTo("NOT respected: trent requested the change and approved it; erin authored commits"
                        + " of the release and approved it; frank deployed the release and approved it");
        assertThat(fields(ev).get("requester").value()).isEqualTo("Trent (started the build)");
        assertThat(fields(ev).get("target environment").value()).isEqualTo("production");
    }

    @Test
    void aChangeRecordNamingAnotherRequesterCannotHideThatTheBuildsStarterApproved() {
        ReleaseEvidence ev = release("patch");
        ObjectNode request = TestBundles.JSON.createObjectNode().put("environment", "production");
        request.putObject("event").put("type", "opened").putObject("spec").put("triggerer", "trent");
        ev.recordRecord("approval-request", request, "jenkins");
        ev.recordChange(new ChangeRecord("CHG-9", "x", "none", "somebody-else", "revert", null), "trent");
        ev.recordApproval("cab", "trent", true, null);
        assertThat(fields(ev).get("requester").value()).isEqualTo("somebody-else");
        assertThat(fields(ev).get("segregation of duties").missing())
                .isEqualTo("NOT respected: trent started the build and approved it");
        assertThat(findings(ev))
                .contains("policy strict, tier patch: required evidence 'segregation-of-duties' is not recorded:"
                        + " NOT respected: trent started the build and approved it");
    }

    @Test
    void oneApproverInTwoRolesIsNotSegregation() {
        var ev = ReleaseEvidence.start(
                new ReleaseEvidence.Release("shop", "v2.4.0", "minor"),
                TestBundles.INOPSIO,
                "jenkins",
                TestBundles.CLOCK);
        ev.recordChange(new ChangeRecord("CHG-1", "x", null, "carol", null, null), "carol");
        ev.recordApproval("qa-lead", "alice", true, null);
        ev.recordApproval("product-manager", "ALICE", true, null);
        assertThat(fields(ev).get("segregation of duties").missing())
                .isEqualTo("NOT respected: ALICE approved as both qa-lead and product-manager");
    }

    @Test
    void withoutARequesterIndependenceCannotBeShown() {
        ReleaseEvidence ev = release("patch");
        ev.recordApproval("cab", "dave", true, null);
        assertThat(fields(ev).get("segregation of duties").missing())
                .isEqualTo("cannot be shown: the ledger names no requester"
                        + " to compare the approvers with (no change record or approval request names one)");
    }

    @Test
    void anEmergencyChangeNeedsAnApprovalAfterImplementation() {
        ReleaseEvidence ev = release("emergency");
        ev.record(
                EventType.DEPLOYMENT,
                "jenkins",
                TestBundles.JSON.createObjectNode().put("environment", "production"));
        assertThat(fields(ev).get("emergency").missing())
                .isEqualTo("yes (tier emergency); no approval after implementation recorded (no review event)");
        assertThat(findings(ev))
                .containsExactly(
                        "policy strict, tier emergency: required evidence 'post-hoc-approval' is not"
                                + " recorded: yes (tier emergency); no approval after implementation recorded (no review event)");
        ev.record(
                EventType.REVIEW,
                "carol",
                TestBundles.JSON.createObjectNode().put("role", "ciso").put("reviewer", "carol"));
        assertThat(fields(ev).get("emergency").value())
                .isEqualTo("yes (tier emergency); approved after implementation by carol"
                        + " (ciso) at 2026-11-22T10:00:00Z");
        assertThat(findings(ev)).isEmpty();
    }

    @Test
    void aChangeRecordOrABreakGlassApprovalMakesAnyTierAnEmergency() {
        ReleaseEvidence ev = release("patch");
        ev.recordChange(new ChangeRecord(null, null, null, null, null, true), "carol");
        ObjectNode breakGlass = TestBundles.JSON.createObjectNode().put("request", "shop#3/approval");
        breakGlass.putObject("event").put("type", "break-glass").put("userId", "admin");
        ev.recordRecord("break-glass", breakGlass, "admin");
        ChangeTrace trace = ChangeTrace.of(new LedgerView(ev.ledger().events()));
        assertThat(trace.fields().get(ChangeTrace.FIELDS.indexOf("emergency")).missing())
                .isEqualTo(
                        "yes (the change record says so;"
                                + " break-glass approval by admin at 2026-11-22T10:00:00Z); no approval after implementation recorded (no review event)");
        assertThat(trace.proof(DerivedEvidence.POST_HOC_APPROVAL))
                .isEqualTo(new ChangeTrace.Proof(
                        false,
                        true,
                        trace.fields()
                                .get(ChangeTrace.FIELDS.indexOf("emergency"))
                                .missing()));
    }

    @Test
    void aNormalChangeNeedsNoPostHocApproval() {
        ChangeTrace trace =
                ChangeTrace.of(new LedgerView(release("patch").ledger().events()));
        assertThat(trace.proof(DerivedEvidence.POST_HOC_APPROVAL))
                .isEqualTo(new ChangeTrace.Proof(true, false, "not an emergency change"));
    }

    @Test
    void aRollbackDecidedByAnAnalysisProvesThatTheReleaseWasMonitored() {
        ReleaseEvidence ev = release("patch");
        ev.record(
                EventType.ROLLBACK,
                "jenkins",
                TestBundles.JSON.createObjectNode().put("to", "v2.4.0"));
        LedgerView byHand = new LedgerView(ev.ledger().events());
        assertThat(ChangeTrace.of(byHand).provenKinds(byHand)).doesNotContain(RolloutEvidence.ANALYSIS_KIND);
        ObjectNode decided = TestBundles.JSON.createObjectNode().put("to", "v2.4.0");
        decided.putObject("analysis").put("phase", "Failed");
        ev.record(EventType.ROLLBACK, "jenkins", decided);
        LedgerView analysed = new LedgerView(ev.ledger().events());
        assertThat(ChangeTrace.of(analysed).provenKinds(analysed))
                .contains(RolloutEvidence.ANALYSIS_KIND, "rollback-record");
    }

    @Test
    void recordedChangeFieldsAreReadLeniently() {
        ObjectNode odd = TestBundles.JSON
                .createObjectNode()
                .put("id", 1234)
                .put("reason", "  ")
                .put("emergency", "TRUE");
        odd.putObject("securityImpact").put("nested", true);
        assertThat(ChangeRecord.read(odd)).isEqualTo(new ChangeRecord("1234", null, null, null, null, true));
        assertThat(new ChangeRecord(" CHG-1 ", "", null, null, null, null)
                        .toJson()
                        .toString())
                .isEqualTo("{\"id\":\"CHG-1\"}");
    }
}
