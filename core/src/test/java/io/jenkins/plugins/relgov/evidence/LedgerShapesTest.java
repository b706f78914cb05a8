package io.jenkins.plugins.relgov.evidence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jenkins.plugins.relgov.gate.CheckResult;
import io.jenkins.plugins.relgov.gate.CheckStatus;
import io.jenkins.plugins.relgov.gate.GateJson;
import io.jenkins.plugins.relgov.gate.GateResult;
import io.jenkins.plugins.relgov.policy.Gates;
import io.jenkins.plugins.relgov.policy.Waiver;
import io.jenkins.plugins.relgov.signing.BlobSignature;
import io.jenkins.plugins.relgov.signing.SigningKey;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The ledger shapes core owns for the gate, evidence files and records, and artifact signatures, written by the
 * Jenkins plugin and by {@link ReleaseEvidence} alike: each reads back through {@link LedgerView} as written, a
 * release made of them seals and verifies, and the shapes written before core owned them read as they did.
 */
class LedgerShapesTest {
    private static final Instant AT = TestBundles.CLOCK.instant();
    private static final Waiver WAIVER =
            new Waiver("coverage.line", "ciso", "legacy module, see RISK-7", AT.plusSeconds(86_400), "RISK-7");

    @TempDir
    Path tmp;

    /** A gate that passed: one check passed, one failure waived, one check that does not apply. */
    private static GateResult passedGate() {
        return new GateResult(
                "inopsio",
                "minor",
                "production",
                "main",
                AT,
                Gates.OnFailure.FAIL,
                List.of(
                        new CheckResult(
                                "tests",
                                CheckStatus.PASS,
                                "3 of 3 passed",
                                "all pass",
                                "gates.testsMustPass",
                                "3 tests passed",
                                null),
                        new CheckResult(
                                "coverage.line",
                                CheckStatus.FAIL,
                                "87.4%",
                                ">= 90%",
                                "gates.lineCoverage",
                                "below, waived",
                                WAIVER),
                        new CheckResult(
                                "freeze",
                                CheckStatus.NOT_APPLICABLE,
                                null,
                                null,
                                "gates.freezeWindows",
                                "no freeze window",
                                null)));
    }

    /** A minor release's ledger, release-started written. */
    private static Ledger started() {
        return ReleaseEvidence.start(
                        new ReleaseEvidence.Release("shop", "v2.4.0", "minor"),
                        TestBundles.INOPSIO,
                        "jenkins",
                        TestBundles.CLOCK)
                .ledger();
    }

    private static LedgerView view(Ledger ledger) {
        return new LedgerView(Ledger.of(ledger.events(), TestBundles.CLOCK).events());
    }

    @Test
    void aGateIsOneEventPerCheckThatAppliesAndReadsBackWithItsWaiver() {
        List<ObjectNode> payloads = GateEvidence.checks(passedGate(), List.of("ISO27001-A.12"), 2);
        assertThat(payloads).extracting(p -> p.path("gate").asText()).containsExactly("tests", "coverage.line");

        JsonNode detail = payloads.get(1).path("detail");
        // the check as GateJson writes it, when it was evaluated and how often, and the gate's own facts
        assertThat(detail.path("status").asText()).isEqualTo("FAIL");
        assertThat(detail.path("measured").asText()).isEqualTo("87.4%");
        assertThat(detail.path("threshold").asText()).isEqualTo(">= 90%");
        assertThat(detail.path("rule").asText()).isEqualTo("gates.lineCoverage");
        assertThat(detail.path("waiver").path("acceptedBy").asText()).isEqualTo("ciso");
        assertThat(detail.path("evaluatedAt").asText()).isEqualTo(AT.toString());
        assertThat(detail.path("attempts").asInt()).isEqualTo(2);
        assertThat(detail.path("policy").asText()).isEqualTo("inopsio");
        assertThat(detail.path("tier").asText()).isEqualTo("minor");
        assertThat(detail.path("environment").asText()).isEqualTo("production");
        assertThat(detail.path("branch").asText()).isEqualTo("main");
        assertThat(detail.path("outcome").asText()).isEqualTo("PASSED");
        assertThat(detail.path("onFailure").asText()).isEqualTo("FAIL");

        Ledger ledger = Ledger.inMemory(TestBundles.CLOCK);
        payloads.forEach(p -> ledger.append(EventType.GATE_EVALUATED, "jenkins", p));
        LedgerView view = view(ledger);
        assertThat(view.gates())
                .extracting(LedgerView.GateEvaluation::gate, LedgerView.GateEvaluation::passed)
                .containsExactly(tuple("tests", true), tuple("coverage.line", true));
        assertThat(view.gates().get(0).waiver()).isNull();
        assertThat(view.gates().get(1).waiver().path("reference").asText()).isEqualTo("RISK-7");
        assertThat(view.ofType(EventType.GATE_EVALUATED))
                .allMatch(e -> e.payload().path("controls").toString().equals("[\"ISO27001-A.12\"]"));
    }

    @Test
    void aBlockingCheckIsNotPassedAndThePolicyCheckNamesIt() {
        GateResult failed = new GateResult(
                "inopsio",
                "minor",
                null,
                null,
                AT,
                Gates.OnFailure.UNSTABLE,
                List.of(new CheckResult(
                        "tests",
                        CheckStatus.FAIL,
                        "2 of 3 passed",
                        "all pass",
                        "gates.testsMustPass",
                        "1 test failed",
                        null)));
        List<ObjectNode> payloads = GateEvidence.checks(failed, List.of(), 1);
        assertThat(payloads).singleElement().satisfies(p -> {
            assertThat(p.path("passed").asBoolean()).isFalse();
            assertThat(p.path("detail").path("outcome").asText()).isEqualTo("UNSTABLE");
            assertThat(p.path("detail").path("environment").isNull()).isTrue(); // unknown, as GateJson writes it
        });

        Ledger ledger = started();
        ledger.append(EventType.GATE_EVALUATED, "jenkins", payloads.get(0));
        assertThat(PolicyCompliance.check(
                        TestBundles.INOPSIO.policy(), view(ledger).events()))
                .extracting(Finding::what)
                .anyMatch(w -> w.startsWith("gate 'tests' failed (ledger seq 1) without a waiver"));
    }

    @Test
    void evidenceFilesRecordsAndSignaturesReadBackAsWritten() throws Exception {
        SigningKey key = TestBundles.key(tmp.resolve("keys"), "ec");
        Ledger ledger = Ledger.inMemory(TestBundles.CLOCK);
        ledger.append(
                EventType.EVIDENCE_RECORDED,
                "jenkins",
                new EvidenceFile("junit/TEST-shop.xml", "ab".repeat(32), 1234, "test-summary", List.of("ISO27001-A.14"))
                        .toPayload());
        ledger.append(
                EventType.EVIDENCE_RECORDED,
                "carol",
                new EvidenceRecord(
                                "risk-assessment",
                                TestBundles.JSON.createObjectNode().put("risk", "low"),
                                List.of())
                        .toPayload());
        String sig = BlobSignature.encode(key.sign("jar".getBytes(StandardCharsets.UTF_8)));
        ledger.append(
                EventType.ARTIFACT_SIGNED,
                "jenkins",
                SignatureEvidence.signed(
                        "target/shop.jar",
                        new Sha256.Digest("cd".repeat(32), 3),
                        sig,
                        key.publicKey(),
                        false,
                        List.of("ISO27001-A.12")));

        LedgerView view = view(ledger);
        assertThat(view.evidence()).hasSize(2);
        LedgerView.EvidenceItem file = view.evidence().get(0);
        assertThat(file.kind()).isEqualTo("test-summary");
        assertThat(file.file())
                .isEqualTo(new LedgerView.RecordedFile("evidence/junit/TEST-shop.xml", "ab".repeat(32), 1234));
        LedgerView.EvidenceItem record = view.evidence().get(1);
        assertThat(record.file()).isNull();
        assertThat(record.record().path("risk").asText()).isEqualTo("low");

        assertThat(view.signatures()).singleElement().satisfies(s -> {
            assertThat(s.artifact()).isEqualTo("target/shop.jar");
            assertThat(s.artifactEntry()).isEqualTo("artifacts/target/shop.jar");
            assertThat(s.sha256()).isEqualTo("cd".repeat(32));
            assertThat(s.signatureEntry()).isEqualTo("signatures/target/shop.jar.sig");
            assertThat(s.signature()).isEqualTo(sig);
        });
        JsonNode signed = view.signatures().get(0).event().payload();
        assertThat(signed.path("size").asLong()).isEqualTo(3);
        assertThat(signed.path("algorithm").asText()).isEqualTo("ECDSA_P256");
        assertThat(signed.path("keyFingerprint").asText())
                .isEqualTo(key.publicKey().fingerprint());
        assertThat(signed.path("inBundle").asBoolean()).isFalse();
        assertThat(view.recordedKinds()).contains("test-summary", "risk-assessment", "signature");
    }

    @Test
    void aReleaseRecordedInTheseShapesSealsAndVerifies() throws Exception {
        SigningKey key = TestBundles.key(tmp.resolve("keys"), "ec");
        var ev = ReleaseEvidence.start(
                new ReleaseEvidence.Release("shop", "v2.4.0", "minor"),
                TestBundles.INOPSIO,
                "jenkins",
                TestBundles.CLOCK);
        assertThat(ev.recordGate(passedGate(), 1, "jenkins")).hasSize(2);
        Path report = Files.writeString(tmp.resolve("TEST-shop.xml"), "<testsuite tests=\"3\" failures=\"0\"/>\n");
        ev.recordFile(report, "junit/TEST-shop.xml", "test-summary", "jenkins");
        ev.recordRecord("risk-assessment", TestBundles.JSON.createObjectNode().put("risk", "low"), "carol");
        ev.signArtifact(Files.writeString(tmp.resolve("shop-2.4.0.jar"), "PK jar\n"), key, true, "jenkins");
        ev.attestGovernance(key, "jenkins");
        // the waiver of one check is the governance record's and the summary's, with the check it excuses
        assertThat(ev.governanceRecord().path("waivers"))
                .singleElement()
                .satisfies(w -> assertThat(w.path("gate").asText()).isEqualTo("coverage.line"));
        SealedBundle sealed = ev.seal(key, "jenkins");
        assertThat(new String(sealed.entries().get(SealedBundle.SUMMARY).bytes(), StandardCharsets.UTF_8))
                .contains("| tests | passed |")
                .contains("| coverage.line | passed | {\"acceptedBy\":\"ciso\"");

        Path zip = TestBundles.write(sealed, tmp.resolve("bundle.zip"), true);
        VerificationReport report1 = BundleVerifier.verify(
                zip, new BundleVerifier.Options(TestBundles.pub(tmp.resolve("keys")), null, null));
        assertThat(report1.problems()).isEmpty();
        assertThat(report1.valid()).isTrue();
        assertThat(report1.checked()).contains("summary.md: matches the ledger and manifest");
    }

    /** The demo recorded a whole gate as one event, its checks inside; the plugin's events had no gate-level facts. */
    @Test
    void theShapesWrittenBeforeReadAsTheyDid() {
        Ledger ledger = started();
        ObjectNode wholeGate =
                GateEvidence.evaluated("pre-deploy", true, List.of("ISO27001-A.12"), GateJson.tree(passedGate()));
        ledger.append(EventType.GATE_EVALUATED, "jenkins", wholeGate);
        ObjectNode oldCheck =
                TestBundles.JSON.createObjectNode().put("gate", "tests").put("passed", false);
        oldCheck.putObject("detail")
                .put("id", "tests")
                .put("status", "FAIL")
                .put("measured", "2 of 3 passed")
                .put("evaluatedAt", AT.toString())
                .put("attempts", 1);
        ledger.append(EventType.GATE_EVALUATED, "jenkins", oldCheck);
        ObjectNode policyChanged = TestBundles.JSON.createObjectNode().put("kind", "policy-changed"); // no controls
        policyChanged.putObject("record").put("policy", "inopsio");
        ledger.append(EventType.EVIDENCE_RECORDED, "jenkins", policyChanged);

        LedgerView view = view(ledger);
        assertThat(view.gates())
                .extracting(
                        LedgerView.GateEvaluation::gate,
                        LedgerView.GateEvaluation::passed,
                        LedgerView.GateEvaluation::waiver)
                .containsExactly(tuple("pre-deploy", true, null), tuple("tests", false, null));
        assertThat(view.evidence()).singleElement().satisfies(i -> {
            assertThat(i.kind()).isEqualTo("policy-changed");
            assertThat(i.record().path("policy").asText()).isEqualTo("inopsio");
        });
        assertThat(PolicyCompliance.check(TestBundles.INOPSIO.policy(), view.events()))
                .extracting(Finding::what)
                .anyMatch(w -> w.startsWith("gate 'tests' failed (ledger seq 2) without a waiver"))
                .noneMatch(w -> w.contains("pre-deploy"));
    }
}
