package io.jenkins.plugins.relgov.evidence;

import static io.jenkins.plugins.relgov.evidence.TestBundles.INOPSIO;
import static io.jenkins.plugins.relgov.evidence.TestBundles.JSON;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jenkins.plugins.relgov.signing.Dsse;
import io.jenkins.plugins.relgov.signing.InTotoStatement;
import io.jenkins.plugins.relgov.signing.SigningKey;
import io.jenkins.plugins.relgov.signing.VerificationKey;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The release decision (SLSA VSA v1) per environment: what it says, that relgov verify recomputes it from the
 * ledger, and that a decision for one environment never licenses a deployment to another.
 */
class ReleaseDecisionTest {
    @TempDir
    Path dir;

    private SigningKey key;
    private VerificationKey pub;

    @BeforeEach
    void setUp() throws Exception {
        key = TestBundles.key(dir.resolve("keys"), "ec");
        pub = TestBundles.pub(dir.resolve("keys"));
    }

    private static JsonNode statement(Dsse.Envelope env) {
        return env.payloadJson();
    }

    private VerificationReport verify(ReleaseEvidence ev, String name) throws Exception {
        Path zip = TestBundles.write(ev.seal(key, "jenkins"), dir.resolve(name + ".zip"), true);
        return BundleVerifier.verify(zip, new BundleVerifier.Options(pub, null, null));
    }

    @Test
    void theDecisionNamesItsEnvironmentPolicyInputsAndResult() throws Exception {
        Dsse.Envelope[] decision = new Dsse.Envelope[1];
        var ev = TestBundles.minorRelease(
                dir.resolve("work"),
                key,
                false,
                e -> decision[0] = e.attestReleaseDecision("production", key, "jenkins"));
        JsonNode st = statement(decision[0]);
        assertThat(st.get("predicateType").asText()).isEqualTo("https://slsa.dev/verification_summary/v1");
        assertThat(st.at("/subject/0/name").asText()).isEqualTo("shop-2.4.0.jar");
        JsonNode p = st.get("predicate");
        assertThat(p.at("/verifier/id").asText()).isEqualTo("https://jenkins.io/release-governance/relgov");
        assertThat(p.get("timeVerified").asText()).isEqualTo("2026-11-22T10:00:00Z");
        assertThat(p.get("resourceUri").asText()).isEqualTo("relgov:environment:production");
        var started = new LedgerView(ev.ledger().events()).started();
        assertThat(p.at("/policy/digest/sha256").asText()).isEqualTo(started.policySha256());
        assertThat(p.at("/policy/uri").asText()).isEqualTo("policy/inopsio.json");
        assertThat(p.get("verificationResult").asText()).isEqualTo("PASSED");
        assertThat(p.get("verifiedLevels")).extracting(JsonNode::asText).containsExactly("RELGOV_POLICY_SATISFIED");
        var governance = new LedgerView(ev.ledger().events()).attestations().get(0);
        assertThat(p.at("/inputAttestations/0/uri").asText())
                .isEqualTo("attestations/shop-v2.4.0.governance.intoto.json");
        assertThat(p.at("/inputAttestations/0/digest/sha256").asText())
                .isEqualTo(Sha256.of(governance.envelope().getBytes(StandardCharsets.UTF_8)));
        assertThat(p.at("/inputAttestations/1/uri").asText()).isEqualTo("ledger.jsonl");
        assertThat(p.at("/inputAttestations/1/annotations/events").asInt()).isEqualTo(10);
        assertThat(p.at("/inputAttestations/1/digest/sha256").asText())
                .isEqualTo(ev.ledger().events().get(9).hash());

        VerificationReport r = verify(ev, "r");
        assertThat(r.problems()).isEmpty();
        assertThat(r.checked())
                .contains(
                        "decision: 1 release decision(s) (SLSA VSA) match the ledger: production PASSED (ledger seq 10)");
    }

    /** A release whose two approvals were given for staging only, with gates, evidence and a signed artifact. */
    private ReleaseEvidence approvedForStaging() throws Exception {
        Path work = Files.createDirectories(dir.resolve("work"));
        var ev = ReleaseEvidence.start(
                new ReleaseEvidence.Release("shop", "v2.4.0", "minor"), INOPSIO, "jenkins", TestBundles.CLOCK);
        Files.writeString(work.resolve("TEST-shop.xml"), "<testsuite tests=\"1\"/>");
        Files.writeString(work.resolve("trivy.sarif"), "{}");
        ev.recordFile(work.resolve("TEST-shop.xml"), "junit/TEST-shop.xml", "test-summary", "jenkins");
        ev.recordFile(work.resolve("trivy.sarif"), "scans/trivy.sarif", "security-scan", "jenkins");
        ev.recordRecord("risk-assessment", JSON.createObjectNode().put("risk", "low"), "carol");
        for (String[] a : new String[][] {{"qa-lead", "alice"}, {"product-manager", "bob"}}) {
            ev.record(
                    EventType.APPROVAL_DECIDED,
                    a[1],
                    JSON.createObjectNode()
                            .put("role", a[0])
                            .put("approver", a[1])
                            .put("decision", "approve")
                            .put("environment", "staging")
                            .put("request", "shop#7/approval"));
        }
        Path jar = Files.writeString(work.resolve("shop-2.4.0.jar"), "jar");
        ev.signArtifact(jar, key, true, "jenkins");
        return ev;
    }

    @Test
    void approvalsGivenForStagingAreNoLicenceForProduction() throws Exception {
        var ev = approvedForStaging();
        assertThat(statement(ev.attestReleaseDecision("staging", key, "jenkins"))
                        .at("/predicate/verificationResult")
                        .asText())
                .isEqualTo("PASSED");
        assertThat(statement(ev.attestReleaseDecision("production", key, "jenkins"))
                        .at("/predicate/verificationResult")
                        .asText())
                .isEqualTo("FAILED");
        ev.record(
                EventType.DEPLOYMENT,
                "jenkins",
                JSON.createObjectNode().put("environment", "production").put("version", "v2.4.0"));
        VerificationReport r = verify(ev, "r");
        // the FAILED decision is honest (no problem in itself); deploying after it is
        assertThat(r.problems())
                .extracting(Finding::toString)
                .containsExactly(
                        "ledger.jsonl (seq 9, deployment): deployed to production although the release decision at seq 8 FAILED");
    }

    @Test
    void aDecisionForStagingCannotBeReplayedForProduction() throws Exception {
        var ev = approvedForStaging();
        ev.attestReleaseDecision("staging", key, "jenkins");
        ev.record(EventType.DEPLOYMENT, "jenkins", JSON.createObjectNode().put("environment", "staging"));
        ev.record(EventType.DEPLOYMENT, "jenkins", JSON.createObjectNode().put("environment", "production"));
        VerificationReport r = verify(ev, "r");
        assertThat(r.problems())
                .extracting(Finding::toString)
                .containsExactly("ledger.jsonl (seq 9, deployment): deployed to"
                        + " production without a release decision for it; decisions recorded: staging (seq 7)");
    }

    @Test
    void aDecisionThatContradictsTheLedgerIsInvalid() throws Exception {
        var ev = approvedForStaging();
        Dsse.Envelope honest = ev.attestReleaseDecision("production", key, "jenkins"); // FAILED: no production approval
        // someone holding the key signs a decision that says otherwise and writes it into the ledger
        ObjectNode forged = (ObjectNode) statement(honest).get("predicate").deepCopy();
        forged.put("verificationResult", "PASSED");
        forged.putArray("verifiedLevels").add("RELGOV_POLICY_SATISFIED");
        var subjects = List.of(
                new InTotoStatement.Subject("shop-2.4.0.jar", Sha256.of("jar".getBytes(StandardCharsets.UTF_8))));
        // its inputs must name what came before it, as an honest one does: the first decision and the ledger head
        ObjectNode inputs = JSON.createObjectNode();
        var view = new LedgerView(ev.ledger().events());
        inputs.putArray("a")
                .addObject()
                .put("uri", view.attestations().get(0).path())
                .putObject("digest")
                .put(
                        "sha256",
                        ReleaseDecision.envelopeSha256(view.attestations().get(0)));
        ((com.fasterxml.jackson.databind.node.ArrayNode) inputs.get("a"))
                .addObject()
                .put("uri", "ledger.jsonl")
                .putObject("digest")
                .put("sha256", view.head());
        forged.set("inputAttestations", inputs.get("a"));
        Dsse.Envelope env = new InTotoStatement(subjects, ReleaseDecision.PREDICATE_TYPE, forged).sign(key);
        ev.ledger()
                .append(
                        EventType.ATTESTATION_CREATED,
                        "mallory",
                        JSON.createObjectNode()
                                .put("path", "attestations/shop-v2.4.0.decision.production-forged.intoto.json")
                                .put("predicateType", ReleaseDecision.PREDICATE_TYPE)
                                .put("payloadSha256", Sha256.of(env.payload()))
                                .put("keyFingerprint", key.publicKey().fingerprint())
                                .put("envelope", env.toJson()));
        VerificationReport r = verify(ev, "r");
        assertThat(r.problems())
                .extracting(Finding::toString)
                .contains("attestations/shop-v2.4.0.decision.production-forged"
                        + ".intoto.json (ledger seq 8): says PASSED for production, but the ledger before it does not satisfy the policy:"
                        + " needs 1 distinct approver(s) of qa-lead, found 0");
    }

    @Test
    void aDecisionNeedsAnEnvironmentOfThePolicyAndASignedArtifact() throws Exception {
        var ev = approvedForStaging();
        assertThatThrownBy(() -> ev.attestReleaseDecision("prod", key, "jenkins"))
                .hasMessage("environment 'prod' is not defined in policy inopsio");
        var empty = ReleaseEvidence.start(
                new ReleaseEvidence.Release("shop", "v1", "minor"), INOPSIO, "jenkins", TestBundles.CLOCK);
        assertThatThrownBy(() -> empty.attestReleaseDecision("production", key, "jenkins"))
                .hasMessageContaining("sign at least one artifact or image before attesting");
    }
}
