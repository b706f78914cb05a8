package io.jenkins.plugins.relgov.evidence;

import static io.jenkins.plugins.relgov.evidence.TestBundles.INOPSIO;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jenkins.plugins.relgov.signing.LocalTsa;
import io.jenkins.plugins.relgov.signing.OpenSsl;
import io.jenkins.plugins.relgov.signing.SigningKey;
import io.jenkins.plugins.relgov.signing.SigstoreJs;
import io.jenkins.plugins.relgov.signing.Timestamper;
import io.jenkins.plugins.relgov.signing.VerificationKey;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A sealed release carries a Sigstore bundle beside every signature and attestation and a trusted timestamp over
 * its seal: sigstore-js and openssl check them offline, relgov verify checks them against the ledger, and every
 * way of stripping or swapping them is noticed.
 */
class SigstoreEvidenceTest {
    @TempDir
    Path dir;

    private SigningKey key;
    private VerificationKey pub;
    private LocalTsa tsa;

    @BeforeEach
    void setUp() throws Exception {
        key = TestBundles.key(dir.resolve("keys"), "ec");
        pub = TestBundles.pub(dir.resolve("keys"));
        tsa = LocalTsa.start(dir.resolve("tsa"), "Evidence TSA");
    }

    @AfterEach
    void tearDown() {
        tsa.close();
    }

    private Path sealed(Timestamper timestamper, String name) throws Exception {
        var ev = TestBundles.minorRelease(dir.resolve("work-" + name), key, true, StandardEvidence.attestAll(key));
        return TestBundles.write(ev.seal(key, "jenkins", timestamper), dir.resolve(name + ".zip"), true);
    }

    private VerificationReport verify(Path zip, List<java.security.cert.X509Certificate> tsaCerts) throws Exception {
        return BundleVerifier.verify(zip, new BundleVerifier.Options(pub, INOPSIO, null, null, tsaCerts));
    }

    @Test
    void sigstoreJsVerifiesEveryBundleAndOpensslTheTimestampOffline() throws Exception {
        Path b = StandardEvidence.unzip(sealed(tsa.client(), "r"), dir.resolve("unzipped"));
        Path pubPem = dir.resolve("keys/pub.pem");
        assertThat(SigstoreJs.verify(
                                b.resolve("sigstore/artifacts/shop-2.4.0.jar.sigstore.json"),
                                pubPem,
                                b.resolve("artifacts/shop-2.4.0.jar"))
                        .out())
                .isEqualToIgnoringWhitespace("verified");
        List<Path> attestations;
        try (Stream<Path> s = Files.list(b.resolve("sigstore/attestations"))) {
            attestations = s.sorted().toList();
        }
        assertThat(attestations)
                .extracting(p -> p.getFileName().toString())
                .containsExactly(
                        "shop-v2.4.0.decision.production.sigstore.json", "shop-v2.4.0.governance.sigstore.json",
                        "shop-v2.4.0.test-result.sigstore.json", "shop-v2.4.0.vulns.sigstore.json");
        for (Path a : attestations) {
            assertThat(SigstoreJs.verify(a, pubPem, null).out())
                    .as(a.toString())
                    .isEqualToIgnoringWhitespace("verified");
        }
        // the seal's bundle: sigstore-js requires its timestamp to chain to the TSA we trust, and refuses another TSA
        Path seal = b.resolve("seal.json.sigstore.json");
        assertThat(SigstoreJs.verify(seal, pubPem, b.resolve("seal.json"), tsa.tsaPem(), tsa.caPem())
                        .out())
                .isEqualToIgnoringWhitespace("verified");
        try (LocalTsa other = LocalTsa.start(dir.resolve("other"), "Other TSA")) {
            assertThat(SigstoreJs.verify(seal, pubPem, b.resolve("seal.json"), other.tsaPem(), other.caPem())
                            .out())
                    .contains("TIMESTAMP_ERROR");
        }
        // openssl ts -verify: the token, taken out of the bundle, is over the seal's signature bytes
        var json = TestBundles.JSON.readTree(Files.readString(seal));
        Files.write(
                b.resolve("seal.tsr"),
                Base64.getDecoder()
                        .decode(json.at(
                                        "/verificationMaterial/timestampVerificationData/rfc3161Timestamps/0/signedTimestamp")
                                .asText()));
        Files.write(
                b.resolve("seal.sig.der"), Base64.getDecoder().decode(Files.readString(b.resolve("seal.json.sig"))));
        assertThat(OpenSsl.ok(
                        b,
                        "openssl",
                        "ts",
                        "-verify",
                        "-in",
                        "seal.tsr",
                        "-data",
                        "seal.sig.der",
                        "-CAfile",
                        tsa.caPem().toString()))
                .contains("Verification: OK");
    }

    @Test
    void relgovVerifiesTheStandardFilesAgainstTheLedger() throws Exception {
        Path zip = sealed(tsa.client(), "r");
        VerificationReport r = verify(zip, tsa.ca());
        assertThat(r.problems()).isEmpty();
        assertThat(r.valid()).isTrue();
        assertThat(r.checked())
                .contains(
                        "sigstore: 6 Sigstore bundle(s) v0.3 hold the recorded signatures (key-based, hint "
                                + pub.fingerprint() + ")",
                        "attestations: 4 DSSE envelope(s) verify",
                        "decision: 1 release decision(s) (SLSA VSA) match the ledger: production PASSED (ledger seq 12)");
        assertThat(r.checked())
                .anySatisfy(l -> assertThat(l)
                        .startsWith("timestamp: the seal's signature was time-stamped at ")
                        .endsWith(" by CN=Evidence TSA, a time-stamping authority you trust"));
        // the test release's clock is fixed, the TSA's is not: the auditor is told the two differ
        assertThat(r.warnings())
                .anySatisfy(w -> assertThat(w)
                        .contains("the sealedAt Jenkins recorded (2026-11-22T10:00:00Z): trust the timestamp"));

        // without the TSA's certificate the token is checked for integrity only, and the auditor is told
        VerificationReport untrusted = verify(zip, null);
        assertThat(untrusted.valid()).isTrue();
        assertThat(untrusted.warnings())
                .anySatisfy(
                        w -> assertThat(w)
                                .isEqualTo(
                                        "seal.json.sigstore.json timestamp 1: signed by"
                                                + " CN=Evidence TSA, which was not checked against a time-stamping authority you trust: pass its certificate with --tsa-cert"));
    }

    @Test
    void withoutATimeStampingAuthorityTheBundleSaysSo() throws Exception {
        Path zip = sealed(null, "plain");
        VerificationReport r = verify(zip, null);
        assertThat(r.valid()).isTrue();
        assertThat(r.checked())
                .contains("timestamp: none: no time-stamping authority was configured when the release was sealed");
        assertThat(verify(zip, tsa.ca()).warnings())
                .contains("--tsa-cert: given, but the bundle has no trusted timestamp to check");
        var manifest = TestBundles.JSON.readTree(StandardEvidence.unzip(zip, dir.resolve("u"))
                .resolve("manifest.json")
                .toFile());
        assertThat(manifest.get("timestampAuthority").isNull()).isTrue();
    }

    @Test
    void strippingOrSwappingTheTimestampIsNoticed() throws Exception {
        Path zip = sealed(tsa.client(), "r");
        Path removed =
                TestBundles.rewrite(zip, dir.resolve("removed.zip"), Map.of(SealedBundle.SEAL_SIGSTORE, b -> null));
        assertThat(verify(removed, tsa.ca()).problems())
                .extracting(Finding::toString)
                .contains("seal.json.sigstore.json: missing: the manifest records that the seal has a Sigstore bundle");

        Path noToken = TestBundles.rewrite(
                zip, dir.resolve("notoken.zip"), Map.of(SealedBundle.SEAL_SIGSTORE, b -> withoutTimestamps(b)));
        assertThat(verify(noToken, tsa.ca()).problems())
                .extracting(Finding::toString)
                .containsExactly("seal.json.sigstore.json: holds no timestamp, but the manifest records that "
                        + tsa.url() + " time-stamped the seal");

        // a token over the same signature from an authority the auditor does not trust
        try (LocalTsa other = LocalTsa.start(dir.resolve("other"), "Other TSA")) {
            Path swapped =
                    TestBundles.rewrite(zip, dir.resolve("swapped.zip"), Map.of(SealedBundle.SEAL_SIGSTORE, b -> {
                        try {
                            var bundle = io.jenkins.plugins.relgov.signing.SigstoreBundle.parse(
                                    new String(b, StandardCharsets.UTF_8), "s");
                            var plain = io.jenkins.plugins.relgov.signing.SigstoreBundle.ofBlob(
                                    bundle.keyHint(), bundle.sha256(), bundle.signature());
                            return plain.withTimestamp(other.client().timestamp(bundle.signature()))
                                    .toJson()
                                    .getBytes(StandardCharsets.UTF_8);
                        } catch (Exception e) {
                            throw new IllegalStateException(e);
                        }
                    }));
            assertThat(verify(swapped, tsa.ca()).problems())
                    .extracting(Finding::toString)
                    .singleElement()
                    .asString()
                    .startsWith(
                            "seal.json.sigstore.json timestamp 1: the time-stamping authority CN=Other TSA is not one you trust");
        }
    }

    @Test
    void aSigstoreBundleThatDiffersFromTheLedgerIsNoticed() throws Exception {
        Path zip = sealed(null, "r");
        String entry = "sigstore/artifacts/shop-2.4.0.jar.sigstore.json";
        Path edited = TestBundles.rewrite(zip, dir.resolve("edited.zip"), Map.of(entry, b -> {
            ObjectNode n = (ObjectNode) read(b);
            ((ObjectNode) n.get("verificationMaterial").get("publicKey")).put("hint", "someone-else");
            return n.toString().getBytes(StandardCharsets.UTF_8);
        }));
        assertThat(verify(edited, null).problems())
                .extracting(Finding::toString)
                .contains(entry + ": differs from the signature recorded at ledger seq 8");
        Path extra = TestBundles.rewrite(
                zip, dir.resolve("extra.zip"), Map.of("sigstore/artifacts/x.sigstore.json", b -> "{}".getBytes()));
        assertThat(verify(extra, null).problems())
                .extracting(Finding::toString)
                .contains(
                        "sigstore/artifacts/x.sigstore.json: in the bundle but no signature of it is recorded in the ledger");
    }

    private static com.fasterxml.jackson.databind.JsonNode read(byte[] b) {
        try {
            return TestBundles.JSON.readTree(b);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] withoutTimestamps(byte[] b) {
        ObjectNode n = (ObjectNode) read(b);
        ((ObjectNode) n.get("verificationMaterial")).remove("timestampVerificationData");
        return n.toString().getBytes(StandardCharsets.UTF_8);
    }
}
