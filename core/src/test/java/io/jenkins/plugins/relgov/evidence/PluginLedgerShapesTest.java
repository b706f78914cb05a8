package io.jenkins.plugins.relgov.evidence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jenkins.plugins.relgov.gate.CheckResult;
import io.jenkins.plugins.relgov.gate.CheckStatus;
import io.jenkins.plugins.relgov.gate.GateResult;
import io.jenkins.plugins.relgov.oci.ImageReference;
import io.jenkins.plugins.relgov.oci.ImageSignature;
import io.jenkins.plugins.relgov.oci.SimpleSigningPayload;
import io.jenkins.plugins.relgov.policy.Gates;
import io.jenkins.plugins.relgov.policy.LoadedPolicy;
import io.jenkins.plugins.relgov.policy.PolicyLoader;
import io.jenkins.plugins.relgov.policy.ShippedPolicies;
import io.jenkins.plugins.relgov.signing.BlobSignature;
import io.jenkins.plugins.relgov.signing.Dsse;
import io.jenkins.plugins.relgov.signing.SigningKey;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The contract between the Jenkins plugin and this package. The plugin writes a build's ledger itself,
 * one step at a time (it reopens the ledger file in every step, hashes and signs files on agents), with
 * the payloads below; it then resumes the release to attest and to seal. The sealed bundle must verify
 * offline. The plugin cannot be built on every machine; this test keeps its ledger shapes honest here.
 */
class PluginLedgerShapesTest {

    @TempDir
    Path tmp;

    private SigningKey key;
    private final Clock clock = Clock.systemUTC();
    private Path ledgerFile;
    private byte[] policy;
    private LoadedPolicy loaded;

    @BeforeEach
    void release() throws Exception {
        key = TestBundles.key(tmp.resolve("keys"), "ec");
        ledgerFile = tmp.resolve("ledger.jsonl");
        policy = inopsioYaml();
        loaded = PolicyLoader.load("inopsio.yaml", policy);
    }

    private static ObjectNode json() {
        return LedgerEvent.JSON.createObjectNode();
    }

    private static byte[] inopsioYaml() throws Exception {
        try (InputStream in =
                ShippedPolicies.class.getResourceAsStream("/io/jenkins/plugins/relgov/policies/inopsio.yaml")) {
            return in.readAllBytes();
        }
    }

    /** release-started as the plugin's GovernedRelease writes it (the policy text as the admin wrote it). */
    private static ObjectNode started(byte[] policy, LoadedPolicy loaded) {
        return ReleaseStarted.of(
                        new ReleaseEvidence.Release("shop", "v2.4.0", "minor", "v2.3.1", "staging", "main"),
                        "inopsio",
                        "policy/inopsio.yaml",
                        Sha256.of(policy),
                        loaded.digest().toString(),
                        "shipped")
                .payload();
    }

    /** The first governance step: the build's ledger file opened and release-started written. */
    private void startLedger() throws java.io.IOException {
        Ledger l = Ledger.open(ledgerFile, clock);
        l.append(EventType.RELEASE_STARTED, "jenkins", started(policy, loaded));
        l.close();
    }

    /** At completion: resume from the events read back, seal, and verify offline with the trusted key. */
    private VerificationReport sealAndVerify(java.util.function.Function<String, Path> files) throws Exception {
        List<LedgerEvent> events;
        try (InputStream in = Files.newInputStream(ledgerFile)) {
            events = Ledger.read(in, "ledger.jsonl");
        }
        Path zip = tmp.resolve("bundle.zip");
        ReleaseEvidence.resume(Ledger.of(events, clock), loaded, policy, files, clock)
                .seal(key, "jenkins")
                .writeZip(zip, true);
        return BundleVerifier.verify(zip, new BundleVerifier.Options(TestBundles.pub(tmp.resolve("keys")), null, null));
    }

    @Test
    void aLedgerWrittenStepByStepIsResumedAttestedSealedAndVerifies() throws Exception {
        Path archive = tmp.resolve("archive"); // where the artifact manager keeps the recorded files

        startLedger();

        Path report = archive.resolve("evidence/junit/TEST-shop.xml"); // recordEvidence: hashed on the agent
        Files.createDirectories(report.getParent());
        Files.writeString(report, "<testsuite tests=\"3\" failures=\"0\"/>\n");
        Sha256.Digest rd = Sha256.of(report);
        Ledger l = Ledger.open(ledgerFile, clock);
        ObjectNode ev = json().put("kind", "test-summary");
        ev.set("controls", LedgerEvent.JSON.valueToTree(List.of("ISO27001-A.14")));
        ev.putObject("file")
                .put("path", "junit/TEST-shop.xml")
                .put("sha256", rd.hex())
                .put("size", rd.size());
        l.append(EventType.EVIDENCE_RECORDED, "jenkins", ev);
        ObjectNode gate = json().put("gate", "tests").put("passed", true); // releaseGate: one event per check
        gate.set("controls", LedgerEvent.JSON.valueToTree(List.of("ISO27001-A.12")));
        gate.putObject("detail").put("id", "tests").put("status", "PASS").put("reason", "3 of 3 passed");
        l.append(EventType.GATE_EVALUATED, "jenkins", gate);
        l.close();

        Path jar = tmp.resolve("workspace/target/shop.jar"); // signArtifact: signed on the agent, not archived
        Files.createDirectories(jar.getParent());
        Files.writeString(jar, "PK jar bytes\n");
        Sha256.Digest jd = Sha256.of(jar);
        String sig = BlobSignature.encode(key.sign(Files.readAllBytes(jar)));
        l = Ledger.open(ledgerFile, clock);
        l.append(
                EventType.ARTIFACT_SIGNED,
                "jenkins",
                json().put("artifact", "target/shop.jar")
                        .put("sha256", jd.hex())
                        .put("size", jd.size())
                        .put("signature", "signatures/target/shop.jar.sig")
                        .put("sig", sig)
                        .put("algorithm", key.algorithm().name())
                        .put("keyFingerprint", key.publicKey().fingerprint())
                        .put("inBundle", false));
        ReleaseEvidence.resume(l, loaded, policy, archive::resolve, clock).attestGovernance(key, "jenkins");
        l.close();

        VerificationReport report1 = sealAndVerify(archive::resolve);
        assertThat(report1.problems()).isEmpty();
        assertThat(report1.valid()).isTrue();
    }

    /**
     * The steps now write core's shapes ({@link GateEvidence}, {@link EvidenceFile}, {@link EvidenceRecord},
     * {@link SignatureEvidence}); a build that was running when the plugin was upgraded has the shapes above first.
     */
    @Test
    void aLedgerOfCoresShapesAfterTheOldOnesIsResumedAttestedSealedAndVerifies() throws Exception {
        Path archive = tmp.resolve("archive");
        startLedger();

        Path report = archive.resolve("evidence/junit/TEST-shop.xml");
        Files.createDirectories(report.getParent());
        Files.writeString(report, "<testsuite tests=\"3\" failures=\"0\"/>\n");
        Sha256.Digest rd = Sha256.of(report);
        Path jar = tmp.resolve("workspace/target/shop.jar");
        Files.createDirectories(jar.getParent());
        Files.writeString(jar, "PK jar bytes\n");
        SigningKey.FileSignature signed = key.sign(jar); // as SignatureFiles.signEach does on the agent

        Ledger l = Ledger.open(ledgerFile, clock);
        ObjectNode old = json().put("gate", "tests").put("passed", false); // before the upgrade: no gate-level facts
        old.putObject("detail").put("id", "tests").put("status", "FAIL").put("attempts", 1);
        l.append(EventType.GATE_EVALUATED, "jenkins", old);
        l.append(
                EventType.EVIDENCE_RECORDED,
                "jenkins",
                new EvidenceFile("junit/TEST-shop.xml", rd.hex(), rd.size(), "test-summary", List.of("ISO27001-A.14"))
                        .toPayload());
        l.append(
                EventType.EVIDENCE_RECORDED,
                "jenkins",
                new EvidenceRecord("risk-assessment", json().put("risk", "low"), List.of()).toPayload());
        var gate = new GateResult(
                "inopsio",
                "minor",
                "staging",
                "main",
                clock.instant(),
                Gates.OnFailure.FAIL,
                List.of(new CheckResult(
                        "tests",
                        CheckStatus.PASS,
                        "3 of 3 passed",
                        "all pass",
                        "gates.testsMustPass",
                        "3 tests passed",
                        null)));
        for (ObjectNode p : GateEvidence.checks(gate, List.of("ISO27001-A.12"), 2)) { // re-evaluated: passes
            l.append(EventType.GATE_EVALUATED, "jenkins", p);
        }
        l.append(
                EventType.ARTIFACT_SIGNED,
                "jenkins",
                SignatureEvidence.signed(
                        "target/shop.jar",
                        new Sha256.Digest(HexFormat.of().formatHex(signed.sha256()), signed.size()),
                        BlobSignature.encode(signed.signature()),
                        key.publicKey(),
                        false,
                        List.of("ISO27001-A.12")));
        ReleaseEvidence.resume(l, loaded, policy, archive::resolve, clock).attestGovernance(key, "jenkins");
        l.close();

        VerificationReport report1 = sealAndVerify(archive::resolve);
        assertThat(report1.problems()).isEmpty();
        assertThat(report1.valid()).isTrue();
        assertThat(report1.checked())
                .contains("signatures: 1 artifact signature(s) verify with key "
                        + key.publicKey().fingerprint());
    }

    @Test
    void anImageSignedOnTheAgentIsAppendedResumedAttestedSealedAndVerifies() throws Exception {
        startLedger();

        // signArtifact image: ImageSigner.sign on the agent returns this (Serializable) record to the controller
        String repository = "registry.example/shop/web";
        String digest = "sha256:" + "4a".repeat(32);
        byte[] payload = new SimpleSigningPayload(repository, digest).toBytes();
        ImageSignature signed = new ImageSignature(
                repository + "@" + digest,
                repository,
                digest,
                "v2.4.0",
                payload,
                BlobSignature.encode(key.sign(payload)),
                key.algorithm().name(),
                key.publicKey().fingerprint(),
                repository + ":" + ImageReference.attachmentTag(digest, "sig"),
                true);
        Ledger l = Ledger.open(ledgerFile, clock);
        l.append(
                EventType.IMAGE_SIGNED,
                "jenkins",
                ImageEvidence.signed(
                        signed,
                        loaded.policy().controlsFor("signature").stream()
                                .map(io.jenkins.plugins.relgov.policy.Control::id)
                                .toList()));
        Dsse.Envelope att =
                ReleaseEvidence.resume(l, loaded, policy, tmp::resolve, clock).attestGovernance(key, "jenkins");
        l.close();
        // the envelope goes back to the agent, which attaches it beside the image (ImageSigner.attach)
        assertThat(att.payloadJson().path("subject").get(0).path("name").asText())
                .isEqualTo(repository);
        assertThat(att.payloadJson()
                        .path("subject")
                        .get(0)
                        .path("digest")
                        .path("sha256")
                        .asText())
                .isEqualTo("4a".repeat(32));

        VerificationReport report = sealAndVerify(tmp::resolve);
        assertThat(report.problems()).isEmpty();
        assertThat(report.checked())
                .contains("image-signatures: 1 image signature(s) verify with key "
                        + key.publicKey().fingerprint() + ", offline");
    }

    @Test
    void aFileChangedAfterItWasRecordedIsNeverSealed() throws Exception {
        Ledger l = Ledger.inMemory(clock);
        l.append(EventType.RELEASE_STARTED, "jenkins", started(policy, loaded));
        Path f = tmp.resolve("evidence/r.md");
        Files.createDirectories(f.getParent());
        Files.writeString(f, "first");
        ObjectNode ev = json().put("kind", "risk-assessment");
        ev.putObject("file")
                .put("path", "r.md")
                .put("sha256", Sha256.of(f).hex())
                .put("size", 5);
        l.append(EventType.EVIDENCE_RECORDED, "jenkins", ev);
        Files.writeString(f, "second", StandardCharsets.UTF_8);
        ReleaseEvidence r = ReleaseEvidence.resume(l, loaded, policy, tmp::resolve, clock);
        assertThatThrownBy(() -> r.seal(key, "jenkins")).hasMessageContaining("changed after it was recorded");
    }

    @Test
    void unsafeEntryNamesAreNamedBeforeAnythingIsRecorded() {
        assertThat(EntryNames.problem("evidence/docs/risk.md")).isNull();
        assertThat(EntryNames.problem("evidence/../../config.xml")).contains("zip-slip");
        assertThat(EntryNames.problem("signatures/a b#1.sig")).contains("unsafe characters");
    }
}
