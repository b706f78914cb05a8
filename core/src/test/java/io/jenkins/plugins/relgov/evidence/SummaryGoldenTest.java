package io.jenkins.plugins.relgov.evidence;

import static org.assertj.core.api.Assertions.assertThat;

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
        started.putObject("release").put("name", "shop").put("version", "v2.4.0").put("tier", "minor");
        started.putObject("policy").put("name", "inopsio").put("path", "policy/inopsio.json").put("sha256", "ab".repeat(32))
                .put("digest", "sha256:" + "cd".repeat(32));
        l.append(EventType.RELEASE_STARTED, "jenkins", started);
        l.append(EventType.GATE_EVALUATED, "jenkins", j.createObjectNode().put("gate", "tests").put("passed", true)
                .set("detail", j.createObjectNode().put("tests", 3)));
        ObjectNode waived = j.createObjectNode().put("gate", "critical-findings").put("passed", false);
        waived.putObject("detail").putObject("waiver").put("id", "W-12").put("approvedBy", "ciso");
        l.append(EventType.GATE_EVALUATED, "jenkins", waived);
        l.append(EventType.GATE_EVALUATED, "jenkins", j.createObjectNode().put("gate", 7));
        l.append(EventType.APPROVAL_DECIDED, "alice", j.createObjectNode().put("role", "qa-lead").put("approver", "alice")
                .put("decision", "approve").put("reason", "green | ok\n## not a heading `x` <b>"));
        l.append(EventType.APPROVAL_DECIDED, "bob", j.createObjectNode().put("role", "product-manager").put("approver", "bob")
                .put("decision", "reject").putNull("reason"));
        l.append(EventType.APPROVAL_REFUSED, "trent", j.createObjectNode().put("role", "qa-lead").put("user", "trent")
                .put("reason", "started the build"));
        ObjectNode file = j.createObjectNode().put("kind", "test-summary");
        file.putArray("controls").add("ISO27001-A.14").add(5);
        file.putObject("file").put("path", "junit/TEST-shop.xml").put("sha256", "ef".repeat(32)).put("size", 1234);
        l.append(EventType.EVIDENCE_RECORDED, "jenkins", file);
        ObjectNode record = j.createObjectNode().put("kind", "risk-assessment");
        record.putObject("record").put("risk", "low");
        l.append(EventType.EVIDENCE_RECORDED, "carol", record);
        l.append(EventType.ARTIFACT_SIGNED, "jenkins", j.createObjectNode().put("artifact", "shop-2.4.0.jar").put("sha256", "01".repeat(32))
                .put("signature", "signatures/shop-2.4.0.jar.sig").put("sig", "MEUCIQ==").put("algorithm", "ECDSA_P256")
                .put("keyFingerprint", "23".repeat(32)));
        ObjectNode att = j.createObjectNode().put("path", "attestations/shop-v2.4.0.governance.intoto.json")
                .put("predicateType", "https://jenkins.io/release-governance/governance/v1");
        att.putArray("subjects").addObject().put("name", "shop-2.4.0.jar");
        l.append(EventType.ATTESTATION_CREATED, "jenkins", att);
        l.append(EventType.DEPLOYMENT, "jenkins", j.createObjectNode().put("environment", "production").put("version", "v2.4.0"));
        l.append(EventType.ROLLBACK, "jenkins", j.createObjectNode().put("trigger", "error-rate 7.1% > 5%").put("rollbackTo", "v2.3.1"));
        l.append(EventType.REVIEW, "carol", j.createObjectNode().put("score", 2.5).putNull("note"));
        return Ledger.of(l.events(), TestBundles.CLOCK).events();
    }

    static ObjectNode manifest(List<LedgerEvent> events) {
        var j = TestBundles.JSON;
        ObjectNode m = j.createObjectNode().put("format", SealedBundle.FORMAT);
        m.putObject("release").put("name", "shop").put("version", "v2.4.0").put("tier", "minor");
        m.set("policy", events.get(0).payload().get("policy"));
        m.put("sealedAt", "2026-11-22T10:00:00Z").put("sealedBy", "jenkins").put("retentionUntil", "2033-11-22");
        m.putObject("ledger").put("path", "ledger.jsonl").put("events", events.size()).put("head", events.get(events.size() - 1).hash());
        m.putObject("signingKey").put("path", SealedBundle.PUBLIC_KEY).put("fingerprint", "23".repeat(32)).put("algorithm", "ECDSA_P256");
        var controls = m.putArray("controls");
        controls.addObject().put("id", "SOC2-CC7.2").put("framework", "SOC 2").put("title", "Change Control")
                .set("evidence", j.createArrayNode().add("approval").add("rollback-record"));
        controls.addObject().put("id", "CNDP-09-08").put("framework", "Morocco Law 09-08").put("title", "Notice | x")
                .set("evidence", j.createArrayNode().add("regulatory-notification"));
        return m;
    }

    @Test
    void theSummaryOfAFixedLedgerIsByteForByteWhatItWas() throws Exception {
        List<LedgerEvent> events = ledger();
        String expected;
        try (InputStream in = SummaryGoldenTest.class.getResourceAsStream("summary-golden.md")) {
            expected = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        assertThat(Summary.markdown(manifest(events), events)).isEqualTo(expected);
    }
}
