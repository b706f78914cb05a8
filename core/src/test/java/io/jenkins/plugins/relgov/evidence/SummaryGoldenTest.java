package io.jenkins.plugins.relgov.evidence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The verifier renders {@code summary.md} again and compares it word for word, so a bundle sealed years
 * ago verifies only while the same ledger renders to the same bytes. This fixes those bytes for a
 * ledger with every event type and odd values (missing, null, numbers, objects, pipes and newlines):
 * a change to the summary's rendering fails here, not in an auditor's hands.
 */
class SummaryGoldenTest {

    static List<LedgerEvent> ledger() {
        Ledger l = Ledger.inMemory(TestBundles.CLOCK);
        var j = TestBundles.JSON;
        ObjectNode started = j.createObjectNode();
        started.putObject("release")
                .put("name", "shop")
                .put("version", "v2.4.0")
                .put("tier", "minor");
        started.putObject("policy")
                .put("name", "inopsio")
                .put("path", "policy/inopsio.json")
                .put("sha256", "ab".repeat(32))
                .put("digest", "sha256:" + "cd".repeat(32));
        l.append(EventType.RELEASE_STARTED, "jenkins", started);
        l.append(
                EventType.GATE_EVALUATED,
                "jenkins",
                j.createObjectNode()
                        .put("gate", "tests")
                        .put("passed", true)
                        .set("detail", j.createObjectNode().put("tests", 3)));
        ObjectNode waived =
                j.createObjectNode().put("gate", "critical-findings").put("passed", false);
        waived.putObject("detail").putObject("waiver").put("id", "W-12").put("approvedBy", "ciso");
        l.append(EventType.GATE_EVALUATED, "jenkins", waived);
        l.append(EventType.GATE_EVALUATED, "jenkins", j.createObjectNode().put("gate", 7));
        l.append(
                EventType.APPROVAL_DECIDED,
                "alice",
                j.createObjectNode()
                        .put("role", "qa-lead")
                        .put("approver", "alice")
                        .put("decision", "approve")
                        .put("reason", "green | ok\n## not a heading `x` <b>"));
        l.append(
                EventType.APPROVAL_DECIDED,
                "bob",
                j.createObjectNode()
                        .put("role", "product-manager")
                        .put("approver", "bob")
                        .put("decision", "reject")
                        .putNull("reason"));
        l.append(
                EventType.APPROVAL_REFUSED,
                "trent",
                j.createObjectNode().put("role", "qa-lead").put("user", "trent").put("reason", "started the build"));
        ObjectNode file = j.createObjectNode().put("kind", "test-summary");
        file.putArray("controls").add("ISO27001-A.14").add(5);
        file.putObject("file")
                .put("path", "junit/TEST-shop.xml")
                .put("sha256", "ef".repeat(32))
                .put("size", 1234);
        l.append(EventType.EVIDENCE_RECORDED, "jenkins", file);
        ObjectNode record = j.createObjectNode().put("kind", "risk-assessment");
        record.putObject("record").put("risk", "low");
        l.append(EventType.EVIDENCE_RECORDED, "carol", record);
        l.append(
                EventType.ARTIFACT_SIGNED,
                "jenkins",
                j.createObjectNode()
                        .put("artifact", "shop-2.4.0.jar")
                        .put("sha256", "01".repeat(32))
                        .put("signature", "signatures/shop-2.4.0.jar.sig")
                        .put("sig", "MEUCIQ==")
                        .put("algorithm", "ECDSA_P256")
                        .put("keyFingerprint", "23".repeat(32)));
        ObjectNode att = j.createObjectNode()
                .put("path", "attestations/shop-v2.4.0.governance.intoto.json")
                .put("predicateType", "https://jenkins.io/release-governance/governance/v1");
        att.putArray("subjects").addObject().put("name", "shop-2.4.0.jar");
        l.append(EventType.ATTESTATION_CREATED, "jenkins", att);
        l.append(
                EventType.DEPLOYMENT,
                "jenkins",
                j.createObjectNode().put("environment", "production").put("version", "v2.4.0"));
        l.append(
                EventType.ROLLBACK,
                "jenkins",
                j.createObjectNode().put("trigger", "error-rate 7.1% > 5%").put("rollbackTo", "v2.3.1"));
        l.append(
                EventType.REVIEW,
                "carol",
                j.createObjectNode().put("score", 2.5).putNull("note"));
        return Ledger.of(l.events(), TestBundles.CLOCK).events();
    }

    /**
     * The same ledger plus what format v2 adds to the summary: a change record (with text that must not reshape the
     * table) and a later one that completes it, and an approval request naming who started the build.
     */
    static List<LedgerEvent> ledgerV2() {
        Ledger l = Ledger.inMemory(TestBundles.CLOCK);
        ledger().forEach(e -> l.append(EventType.of(e.type()).orElseThrow(), e.actor(), (ObjectNode) e.payload()));
        var j = TestBundles.JSON;
        l.append(
                EventType.EVIDENCE_RECORDED,
                "jenkins",
                new ChangeRecord("CHG-77 | x", "CSV export\n## not a heading", null, null, null, null)
                        .toPayload(List.of("SOC2-CC7.2")));
        ObjectNode request = j.createObjectNode().put("kind", "approval-request");
        request.putArray("controls");
        ObjectNode rec =
                request.putObject("record").put("request", "shop#12/approval").put("environment", "production");
        rec.putObject("event")
                .put("type", "opened")
                .putObject("spec")
                .put("triggerer", "trent")
                .putArray("commitAuthors")
                .add("bob");
        l.append(EventType.EVIDENCE_RECORDED, "jenkins", request);
        ObjectNode later = j.createObjectNode().put("kind", ChangeRecord.KIND);
        later.putObject("record")
                .put("backoutPlan", "make rollback VERSION=v2.3.1")
                .put("id", 78)
                .put("emergency", "maybe");
        l.append(EventType.EVIDENCE_RECORDED, "carol", later);
        return Ledger.of(l.events(), TestBundles.CLOCK).events();
    }

    static ObjectNode manifest(List<LedgerEvent> events) {
        var j = TestBundles.JSON;
        ObjectNode m = j.createObjectNode().put("format", SealedBundle.FORMAT);
        m.putObject("release").put("name", "shop").put("version", "v2.4.0").put("tier", "minor");
        m.set("policy", events.get(0).payload().get("policy"));
        m.put("sealedAt", "2026-11-22T10:00:00Z").put("sealedBy", "jenkins").put("retentionUntil", "2033-11-22");
        m.putObject("ledger")
                .put("path", "ledger.jsonl")
                .put("events", events.size())
                .put("head", events.get(events.size() - 1).hash());
        m.putObject("signingKey")
                .put("path", SealedBundle.PUBLIC_KEY)
                .put("fingerprint", "23".repeat(32))
                .put("algorithm", "ECDSA_P256");
        var controls = m.putArray("controls");
        controls.addObject()
                .put("id", "SOC2-CC7.2")
                .put("framework", "SOC 2")
                .put("title", "Change Control")
                .set("evidence", j.createArrayNode().add("approval").add("rollback-record"));
        controls.addObject()
                .put("id", "CNDP-09-08")
                .put("framework", "Morocco Law 09-08")
                .put("title", "Notice | x")
                .set("evidence", j.createArrayNode().add("regulatory-notification"));
        return m;
    }

    /** A v2 manifest also names its summary format, and controls may name a crosswalk. */
    static ObjectNode manifestV2(List<LedgerEvent> events) {
        var j = TestBundles.JSON;
        ObjectNode m = manifest(events);
        m.put(Summary.FORMAT_FIELD, Summary.V2);
        ((ObjectNode) m.path("controls").get(0))
                .set("crosswalk", j.createArrayNode().add("PCI-DSS-6.5.1").add("SOC2-CC8.1"));
        ((ArrayNode) m.get("controls"))
                .addObject()
                .put("id", "PCI-DSS-6.5.1")
                .put("framework", "PCI DSS v4.0")
                .put("title", "Change procedures")
                .set(
                        "evidence",
                        j.createArrayNode()
                                .add("change-id")
                                .add("change-reason")
                                .add("security-impact")
                                .add("approval")
                                .add("test-summary")
                                .add("backout-plan"));
        ((ArrayNode) m.get("controls"))
                .addObject()
                .put("id", "DORA-RTS-2024-1774-Art17")
                .put("framework", "EU 2024/1774")
                .put("title", "Art. 17")
                .set(
                        "evidence",
                        j.createArrayNode()
                                .add("requester")
                                .add("segregation-of-duties")
                                .add("post-hoc-approval"));
        return m;
    }

    private static String golden(String name) throws Exception {
        try (InputStream in = SummaryGoldenTest.class.getResourceAsStream(name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void theSummaryOfAFixedLedgerIsByteForByteWhatItWas() throws Exception {
        List<LedgerEvent> events = ledger();
        assertThat(Summary.markdown(manifest(events), events)).isEqualTo(golden("summary-golden.md"));
    }

    @Test
    void aManifestThatNamesNoFormatIsRenderedAsV1() {
        List<LedgerEvent> events = ledgerV2();
        ObjectNode v1 = manifest(events);
        assertThat(Summary.markdown(v1.put(Summary.FORMAT_FIELD, Summary.V1), events))
                .isEqualTo(Summary.markdown(manifest(events), events))
                .doesNotContain("## Change record");
    }

    @Test
    void theV2SummaryOfAFixedLedgerIsByteForByteWhatItWas() throws Exception {
        List<LedgerEvent> events = ledgerV2();
        assertThat(Summary.markdown(manifestV2(events), events)).isEqualTo(golden("summary-golden-v2.md"));
    }

    @Test
    void aFormatFromALaterVersionIsRefusedByName() {
        List<LedgerEvent> events = ledger();
        ObjectNode m = manifest(events).put(Summary.FORMAT_FIELD, "relgov-summary/v9\u001b[2J");
        assertThatThrownBy(() -> Summary.markdown(m, events))
                .isInstanceOf(Summary.UnknownFormatException.class)
                .hasMessage(
                        "rendered in summary format 'relgov-summary/v9\\x1b[2J', which this version does not know (it knows"
                                + " relgov-summary/v1 and relgov-summary/v2): verify with the version that sealed the bundle or a later one");
    }
}
