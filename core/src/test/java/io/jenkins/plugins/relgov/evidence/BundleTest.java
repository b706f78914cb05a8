package io.jenkins.plugins.relgov.evidence;

import static io.jenkins.plugins.relgov.evidence.TestBundles.INOPSIO;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jenkins.plugins.relgov.signing.BlobSignature;
import io.jenkins.plugins.relgov.signing.OpenSsl;
import io.jenkins.plugins.relgov.signing.SigningKey;
import io.jenkins.plugins.relgov.signing.VerificationKey;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BundleTest {
    @TempDir
    Path dir;

    SigningKey key;
    VerificationKey pub;

    @BeforeEach
    void keys() throws Exception {
        key = TestBundles.key(dir.resolve("keys"), "ec");
        pub = TestBundles.pub(dir.resolve("keys"));
    }

    private BundleVerifier.Options trusted() {
        return new BundleVerifier.Options(pub, INOPSIO, null);
    }

    private Path sealedZip() throws Exception {
        return TestBundles.write(
                TestBundles.minorRelease(dir.resolve("work"), key, true).seal(key, "jenkins"),
                dir.resolve("b.zip"),
                true);
    }

    private static List<String> problems(VerificationReport r) {
        return r.problems().stream().map(Finding::toString).toList();
    }

    @Test
    void aSealedReleaseVerifiesAgainstTheTrustedKeyAndThePolicy() throws Exception {
        VerificationReport r = BundleVerifier.verify(sealedZip(), trusted());
        assertThat(problems(r)).isEmpty();
        assertThat(r.warnings()).isEmpty();
        assertThat(String.join("\n", r.checked()))
                .contains("ledger: 11 events, hash chain intact")
                .contains("evidence: 2 files match the ledger, 1 records")
                .contains("signatures: 1 artifact signature(s)")
                .contains("attestations: 1 DSSE envelope(s) verify")
                .contains("summary.md: matches")
                .contains("policy inopsio (sha256:")
                .contains("approvals and required evidence satisfied");
    }

    @Test
    void aBundleReassembledFromWhereItsEntriesAreKeptIsTheSameBytes() throws Exception {
        SealedBundle sealed =
                TestBundles.minorRelease(dir.resolve("work"), key, true).seal(key, "jenkins");
        Path original = TestBundles.write(sealed, dir.resolve("a.zip"), true);
        // as Jenkins keeps a sealed release: generated entries written out once, recorded files left where they are
        Path kept = Files.createDirectories(dir.resolve("kept"));
        Map<String, SealedBundle.EntrySource> sources = new java.util.HashMap<>();
        for (var e : sealed.entries().entrySet()) {
            if (e.getValue().generated()) {
                Path f = kept.resolve(e.getKey().replace('/', '_'));
                Files.write(f, e.getValue().bytes());
                sources.put(e.getKey(), () -> Files.newInputStream(f));
            } else {
                Path f = e.getValue().file();
                sources.put(e.getKey(), () -> Files.newInputStream(f));
            }
        }
        assertThat(sealed.entries().values().stream()
                        .filter(c -> !c.generated())
                        .count())
                .isEqualTo(3);
        java.io.ByteArrayOutputStream again = new java.io.ByteArrayOutputStream();
        SealedBundle.writeZip(sources, again);
        assertThat(again.toByteArray()).isEqualTo(Files.readAllBytes(original));
    }

    @Test
    void theZipIsDeterministicAndStoredOrDeflatedBothVerify() throws Exception {
        SealedBundle sealed =
                TestBundles.minorRelease(dir.resolve("work"), key, true).seal(key, "jenkins");
        Path a = TestBundles.write(sealed, dir.resolve("a.zip"), true);
        Path b = TestBundles.write(sealed, dir.resolve("b.zip"), true);
        Path stored = TestBundles.write(sealed, dir.resolve("s.zip"), false);
        assertThat(Files.readAllBytes(a)).isEqualTo(Files.readAllBytes(b));
        java.util.TimeZone zone = java.util.TimeZone.getDefault();
        try { // the bytes do not depend on the machine's time zone
            java.util.TimeZone.setDefault(java.util.TimeZone.getTimeZone("Pacific/Kiritimati"));
            Path c = TestBundles.write(sealed, dir.resolve("c.zip"), true);
            assertThat(Files.readAllBytes(c)).isEqualTo(Files.readAllBytes(a));
        } finally {
            java.util.TimeZone.setDefault(zone);
        }
        assertThat(BundleVerifier.verify(stored, trusted()).valid()).isTrue();
        // a standard unzip reads it, and the entries are sorted
        String listing = OpenSsl.ok(
                dir, "python3", "-c", "import zipfile,sys; print('\\n'.join(zipfile.ZipFile('a.zip').namelist()))");
        List<String> names = listing.lines().toList();
        assertThat(names)
                .isSorted()
                .contains(
                        "ledger.jsonl",
                        "manifest.json",
                        "seal.json",
                        "seal.json.sig",
                        "summary.md",
                        "keys/signing-key.pub.pem",
                        "policy/inopsio.json",
                        "evidence/junit/TEST-shop.xml",
                        "evidence/scans/trivy.sarif",
                        "artifacts/shop-2.4.0.jar",
                        "signatures/shop-2.4.0.jar.sig",
                        "attestations/shop-v2.4.0.governance.intoto.json");
    }

    @Test
    void theSummaryTellsAnAuditorWhatHappened() throws Exception {
        SealedBundle sealed =
                TestBundles.minorRelease(dir.resolve("work"), key, false).seal(key, "jenkins");
        String md = new String(sealed.entries().get("summary.md").bytes(), StandardCharsets.UTF_8);
        assertThat(md)
                .contains("# Release evidence: shop v2.4.0")
                .contains("| Tier | minor |")
                .contains("| Retain until | 2033-11-22 |")
                .contains("| qa-lead | alice | approve | regression suite green | 2026-11-22T10:00:00Z | 6 |")
                .contains("| product-manager | bob | approve |")
                .contains("| tests | passed |")
                .contains("| test-summary | `evidence/junit/TEST-shop.xml` |")
                .contains("| shop-2.4.0.jar | `")
                .contains(
                        "| ISO27001-A.14 | ISO 27001 | System Acquisition Testing | PARTLY EVIDENCED | test-summary, security-scan"
                                + " | qa-evidence: not recorded | ISO27001-2022-A.8.29, ISO27001-2022-A.8.32 |")
                // the fields auditors sample, a gap shown as missing
                .contains(
                        "| change id | MISSING: no change record gives it; a pipeline records it with recordEvidence type:"
                                + " 'change-record', data: [id: '...'] |  |")
                .contains("| target environment | production | 10 |")
                .contains(key.publicKey().fingerprint());
    }

    @Test
    void recordedTextCannotReshapeTheSummary() throws Exception {
        var ev = ReleaseEvidence.start(
                new ReleaseEvidence.Release("shop", "v2.5.1", "patch"), INOPSIO, "jenkins", TestBundles.CLOCK);
        ev.recordApproval("devops-lead", "eve", true, "ok |\n## Approvals\n| ciso | mallory | approve | <script>");
        String md =
                new String(ev.seal(key, "jenkins").entries().get("summary.md").bytes(), StandardCharsets.UTF_8);
        assertThat(md)
                .contains(
                        "| devops-lead | eve | approve | ok \\| ## Approvals \\| ciso \\| mallory \\| approve \\| &lt;script> |")
                .doesNotContain("\n| ciso | mallory");
    }

    @Test
    void aChangedEvidenceFileIsNamedWithWhatItDiffersFrom() throws Exception {
        Path zip = sealedZip();
        Path bad = TestBundles.rewrite(
                zip,
                dir.resolve("bad.zip"),
                Map.of(
                        "evidence/junit/TEST-shop.xml",
                        b -> "<testsuite tests=\"3\" failures=\"0\"/>".getBytes(StandardCharsets.UTF_8)));
        assertThat(problems(BundleVerifier.verify(bad, trusted())))
                .anySatisfy(p -> assertThat(p)
                        .startsWith("evidence/junit/TEST-shop.xml: sha256 ")
                        .contains("differs from manifest.json"));
    }

    @Test
    void anAttackerWhoRewritesTheManifestAndResignsIsCaughtByTheTrustedKey() throws Exception {
        Path zip = sealedZip();
        // the attacker edits the ledger, fixes up the chain, manifest and seal, and signs with their own key
        SigningKey attacker = TestBundles.key(dir.resolve("attacker"), "ec");
        ReleaseEvidence forged = TestBundles.minorRelease(dir.resolve("forged"), attacker, true);
        forged.recordApproval("ciso", "mallory", true, "trust me");
        Path forgedZip = TestBundles.write(forged.seal(attacker, "jenkins"), dir.resolve("forged.zip"), true);
        assertThat(problems(BundleVerifier.verify(forgedZip, trusted())))
                .contains("seal.json.sig: signature does not verify with key " + pub.fingerprint())
                .contains("signatures/shop-2.4.0.jar.sig: signature does not verify with key " + pub.fingerprint());
        // without --key the forged bundle is self-consistent, and that is all: it is not valid, the signer is not
        // established
        VerificationReport selfChecked = BundleVerifier.verify(forgedZip, new BundleVerifier.Options(null, null, null));
        assertThat(selfChecked.intact()).isTrue();
        assertThat(selfChecked.valid()).isFalse();
        assertThat(selfChecked.result()).isEqualTo(VerificationReport.Result.SIGNER_NOT_ESTABLISHED);
        assertThat(selfChecked.warnings()).singleElement().asString().contains("no trusted key given");
        assertThat(selfChecked.render().lines().findFirst().orElseThrow())
                .startsWith("INTACT, SIGNER NOT ESTABLISHED: ")
                .contains(attacker.publicKey().fingerprint())
                .doesNotContain("VALID:");
        assertThat(BundleVerifier.verify(zip, trusted()).valid()).isTrue();
    }

    @Test
    void editingTheLedgerIsNamedByLineAndEvent() throws Exception {
        Path zip = sealedZip();
        UnaryOperator<byte[]> editApprover = b -> new String(b, StandardCharsets.UTF_8)
                .replace("\"approver\":\"bob\"", "\"approver\":\"eve\"")
                .getBytes(StandardCharsets.UTF_8);
        List<String> p = problems(BundleVerifier.verify(
                TestBundles.rewrite(zip, dir.resolve("bad.zip"), Map.of("ledger.jsonl", editApprover)), trusted()));
        // bob's approval is line 8; the next event's link to it breaks (the head itself is unchanged)
        assertThat(p)
                .contains("ledger.jsonl line 9 (seq 8, artifact-signed): prev hash does not match line 8")
                .anySatisfy(
                        x -> assertThat(x).startsWith("ledger.jsonl: sha256 ").contains("differs from manifest.json"));

        UnaryOperator<byte[]> breakLine = b -> new String(b, StandardCharsets.UTF_8)
                .replaceFirst("\\{\"actor\":\"alice\"", "{\"actor\":")
                .getBytes(StandardCharsets.UTF_8);
        assertThat(problems(BundleVerifier.verify(
                        TestBundles.rewrite(zip, dir.resolve("bad2.zip"), Map.of("ledger.jsonl", breakLine)),
                        trusted())))
                .anySatisfy(x -> assertThat(x).startsWith("ledger.jsonl line 7: not valid JSON"));
    }

    @Test
    void anUnreadableSealSignatureIsNamedByItsEntry() throws Exception {
        Path bad = TestBundles.rewrite(
                sealedZip(),
                dir.resolve("bad.zip"),
                Map.of(SealedBundle.SEAL_SIG, b -> "%%%".getBytes(StandardCharsets.US_ASCII)));
        assertThat(BundleVerifier.verify(bad, trusted()).problems())
                .contains(new Finding(SealedBundle.SEAL_SIG, "not a base64 signature"));
    }

    @Test
    void extraOrMissingFilesAreNamed() throws Exception {
        Path zip = sealedZip();
        assertThat(problems(BundleVerifier.verify(
                        TestBundles.rewrite(
                                zip,
                                dir.resolve("x.zip"),
                                Map.of("evidence/extra.txt", b -> "sneaked in".getBytes(StandardCharsets.UTF_8))),
                        trusted())))
                .contains(
                        "evidence/extra.txt: in the bundle but not listed in manifest.json",
                        "evidence/extra.txt: in the bundle but not recorded in the ledger");
        assertThat(problems(BundleVerifier.verify(
                        TestBundles.rewrite(zip, dir.resolve("y.zip"), Map.of("evidence/scans/trivy.sarif", b -> null)),
                        trusted())))
                .contains(
                        "evidence/scans/trivy.sarif: listed in manifest.json but missing from the bundle",
                        "evidence/scans/trivy.sarif: recorded at ledger seq 4 but missing from the bundle");
        assertThat(problems(BundleVerifier.verify(
                        TestBundles.rewrite(zip, dir.resolve("z.zip"), Map.of("seal.json.sig", b -> null)), trusted())))
                .containsExactly("seal.json.sig: missing from the bundle");
    }

    @Test
    void theSignatureFilesAreWhatOpensslAndCosignExpect() throws Exception {
        SealedBundle sealed =
                TestBundles.minorRelease(dir.resolve("work"), key, false).seal(key, "jenkins");
        Path out = dir.resolve("x");
        Files.createDirectories(out);
        Files.write(out.resolve("seal.json"), sealed.entries().get("seal.json").bytes());
        Files.write(
                out.resolve("seal.sig"),
                BlobSignature.decode(
                        new String(sealed.entries().get("seal.json.sig").bytes(), StandardCharsets.US_ASCII), "s"));
        Files.copy(dir.resolve("keys/pub.pem"), out.resolve("pub.pem"));
        assertThat(OpenSsl.ok(
                        out, "openssl", "dgst", "-sha256", "-verify", "pub.pem", "-signature", "seal.sig", "seal.json"))
                .contains("Verified OK");
        Files.write(
                out.resolve("jar.sig"),
                Base64.getDecoder()
                        .decode(sealed.entries()
                                .get("signatures/shop-2.4.0.jar.sig")
                                .bytes()));
        assertThat(OpenSsl.ok(
                        out,
                        "openssl",
                        "dgst",
                        "-sha256",
                        "-verify",
                        "pub.pem",
                        "-signature",
                        "jar.sig",
                        dir.resolve("work/shop-2.4.0.jar").toString()))
                .contains("Verified OK");
    }

    @Test
    void policyViolationsAreNamed() throws Exception {
        var ev = ReleaseEvidence.start(
                new ReleaseEvidence.Release("shop", "v2.5.0", "minor"), INOPSIO, "jenkins", TestBundles.CLOCK);
        ev.recordGate(
                "line-coverage", false, TestBundles.JSON.createObjectNode().put("actual", "85%"), "jenkins");
        ev.recordGate("tests", false, TestBundles.JSON.createObjectNode().put("failures", 1), "jenkins");
        ev.recordGate(
                "tests",
                true,
                TestBundles.JSON.createObjectNode().put("failures", 0).put("ratio", 1.0),
                "jenkins"); // re-evaluated: passes
        ev.record(
                EventType.REVIEW,
                "carol",
                TestBundles.JSON
                        .createObjectNode()
                        .put("score", 2.50)
                        .put("by", "carol")
                        .put("at", 1.0e3));
        ev.recordGate(
                "critical-findings",
                false,
                TestBundles.JSON
                        .createObjectNode()
                        .set(
                                "waiver",
                                TestBundles.JSON
                                        .createObjectNode()
                                        .put("id", "W-12")
                                        .put("approvedBy", "ciso")),
                "jenkins");
        ev.recordApproval("product-manager", "bob", true, null);
        ev.recordApproval("qa-lead", "bob", true, null);
        ev.recordApproval("qa-lead", "dave", true, null);
        ev.recordRefusedApproval("qa-lead", "jenkins-trigger", "started the build");
        Path f = dir.resolve("t.xml");
        Files.writeString(f, "<testsuite/>");
        ev.recordFile(f, "t.xml", "test-summary", "jenkins");
        Path zip = TestBundles.write(ev.seal(key, "jenkins"), dir.resolve("p.zip"), true);
        assertThat(problems(BundleVerifier.verify(zip, trusted())))
                .containsExactly(
                        "policy inopsio, tier minor: bob approved as both product-manager and qa-lead (ledger seq 7); the policy requires distinct approvers",
                        "policy inopsio, tier minor: approvals out of order: product-manager was complete at ledger seq 6, before qa-lead (seq 8)",
                        "policy inopsio, tier minor: gate 'line-coverage' failed (ledger seq 1) without a waiver",
                        "policy inopsio, tier minor: required evidence 'security-scan' is not recorded");
        // without a policy the same bundle is intact
        assertThat(BundleVerifier.verify(zip, new BundleVerifier.Options(pub, null, null))
                        .valid())
                .isTrue();
    }

    @Test
    void aSlsaProvenanceAttestationIsBundledAndVerified() throws Exception {
        ReleaseEvidence ev = TestBundles.minorRelease(dir.resolve("work"), key, false);
        var prov = new io.jenkins.plugins.relgov.signing.SlsaProvenance(
                "https://jenkins.io/release-governance/build/v1",
                TestBundles.JSON.createObjectNode().put("version", "v2.4.0"),
                null,
                List.of(),
                "https://ci.example.com/",
                "shop/release#42",
                TestBundles.CLOCK.instant(),
                TestBundles.CLOCK.instant());
        var env = ev.attestProvenance(prov, key, "jenkins");
        assertThat(env.payloadJson().get("predicateType").asText()).isEqualTo("https://slsa.dev/provenance/v1");
        assertThat(env.payloadJson().get("subject").get(0).get("name").asText()).isEqualTo("shop-2.4.0.jar");
        Path zip = TestBundles.write(ev.seal(key, "jenkins"), dir.resolve("p.zip"), true);
        VerificationReport r = BundleVerifier.verify(zip, trusted());
        assertThat(problems(r)).isEmpty();
        assertThat(r.checked()).contains("attestations: 2 DSSE envelope(s) verify");
    }

    @Test
    void aReleaseIsResumedFromItsLedgerFileAfterARestart() throws Exception {
        Path work = Files.createDirectories(dir.resolve("work"));
        Path ledgerFile = work.resolve("ledger.jsonl");
        byte[] policyBytes = io.jenkins.plugins.relgov.json.CanonicalJson.toBytes(INOPSIO.document());
        var first = ReleaseEvidence.start(
                new ReleaseEvidence.Release("shop", "v2.4.0", "minor"),
                INOPSIO,
                "inopsio.json",
                policyBytes,
                "jenkins",
                Ledger.open(ledgerFile, TestBundles.CLOCK),
                TestBundles.CLOCK);
        Path report = work.resolve("TEST-shop.xml");
        Files.writeString(report, "<testsuite tests=\"3\"/>");
        first.recordFile(report, "junit/TEST-shop.xml", "test-summary", "jenkins");
        Path jar = work.resolve("shop-2.4.0.jar");
        Files.writeString(jar, "jar");
        first.signArtifact(jar, key, true, "jenkins");
        first.attestGovernance(key, "jenkins");
        // the controller restarts: only the ledger file and the archived files remain
        Map<String, Path> archived = Map.of("evidence/junit/TEST-shop.xml", report, "artifacts/shop-2.4.0.jar", jar);
        var resumed = ReleaseEvidence.resume(
                Ledger.open(ledgerFile, TestBundles.CLOCK), INOPSIO, policyBytes, archived::get, TestBundles.CLOCK);
        resumed.recordApproval("qa-lead", "alice", true, null);
        Path zip = TestBundles.write(resumed.seal(key, "jenkins"), dir.resolve("r.zip"), true);
        VerificationReport r = BundleVerifier.verify(zip, new BundleVerifier.Options(pub, null, null));
        assertThat(problems(r)).isEmpty();
        assertThat(r.checked())
                .contains(
                        "attestations: 1 DSSE envelope(s) verify",
                        "signatures: 1 artifact signature(s) verify with key " + pub.fingerprint());
        assertThatThrownBy(() -> ReleaseEvidence.resume(
                        Ledger.open(dir.resolve("other.jsonl"), TestBundles.CLOCK),
                        INOPSIO,
                        policyBytes,
                        archived::get,
                        TestBundles.CLOCK))
                .hasMessageContaining("does not start with release-started");
    }

    @Test
    void anEvidenceFileChangedAfterRecordingIsNeverSealed() throws Exception {
        ReleaseEvidence ev = TestBundles.minorRelease(dir.resolve("work"), key, false);
        Files.writeString(dir.resolve("work/trivy.sarif"), "{\"runs\":[\"edited\"]}");
        assertThatThrownBy(() -> ev.seal(key, "jenkins"))
                .hasMessageContaining("trivy.sarif changed after it was recorded");
    }

    @Test
    void ed25519BundlesVerifyOverTheArtifactBytes() throws Exception {
        SigningKey ed = TestBundles.key(dir.resolve("ed"), "ed25519");
        Path zip = TestBundles.write(
                TestBundles.minorRelease(dir.resolve("work"), ed, false).seal(ed, "jenkins"),
                dir.resolve("e.zip"),
                true);
        assertThat(problems(BundleVerifier.verify(
                        zip, new BundleVerifier.Options(TestBundles.pub(dir.resolve("ed")), INOPSIO, null))))
                .isEmpty();
        Path bad = TestBundles.rewrite(
                zip,
                dir.resolve("bad.zip"),
                Map.of("artifacts/shop-2.4.0.jar", b -> "PK other".getBytes(StandardCharsets.UTF_8)));
        assertThat(problems(BundleVerifier.verify(
                        bad, new BundleVerifier.Options(TestBundles.pub(dir.resolve("ed")), null, null))))
                .contains("artifacts/shop-2.4.0.jar: sha256 differs from ledger seq 8");
    }
}
