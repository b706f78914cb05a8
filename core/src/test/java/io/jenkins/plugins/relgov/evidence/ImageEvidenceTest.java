package io.jenkins.plugins.relgov.evidence;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.jenkins.plugins.relgov.oci.ImageReference;
import io.jenkins.plugins.relgov.oci.ImageSignature;
import io.jenkins.plugins.relgov.oci.ImageSigner;
import io.jenkins.plugins.relgov.oci.LocalRegistry;
import io.jenkins.plugins.relgov.oci.RegistryClient;
import io.jenkins.plugins.relgov.oci.RegistryFiles;
import io.jenkins.plugins.relgov.oci.SimpleSigningPayload;
import io.jenkins.plugins.relgov.signing.BlobSignature;
import io.jenkins.plugins.relgov.signing.Dsse;
import io.jenkins.plugins.relgov.signing.OpenSsl;
import io.jenkins.plugins.relgov.signing.SigningKey;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A container image signature in a release's evidence: recorded in the ledger with its payload and signature,
 * carried by the sealed bundle, verified offline by {@code relgov verify}; the governance attestation names the
 * image and is attached beside it in the registry as {@code cosign attest} attaches one.
 */
class ImageEvidenceTest {
    private static final String DIGEST = "sha256:" + "5e".repeat(32);

    @TempDir
    Path dir;

    private static ImageSignature offlineSignature(SigningKey key, String repository, String digest) {
        byte[] payload = new SimpleSigningPayload(repository, digest).toBytes();
        return new ImageSignature(
                repository + "@" + digest,
                repository,
                digest,
                null,
                payload,
                BlobSignature.encode(key.sign(payload)),
                key.algorithm().name(),
                key.publicKey().fingerprint(),
                repository + ":" + ImageReference.attachmentTag(digest, "sig"),
                true);
    }

    private ReleaseEvidence release() {
        return ReleaseEvidence.start(
                new ReleaseEvidence.Release("shop", "v3.0.0", "minor"),
                TestBundles.INOPSIO,
                "jenkins",
                TestBundles.CLOCK);
    }

    /** A release that recorded image {@link #DIGEST} of registry.example/shop/web as signed by {@code signer}. */
    private ReleaseEvidence releaseWithImageSignedBy(SigningKey signer) {
        ReleaseEvidence ev = release();
        ev.recordImageSignature(offlineSignature(signer, "registry.example/shop/web", DIGEST), "jenkins");
        return ev;
    }

    private static VerificationReport verify(Path zip, SigningKey key) throws Exception {
        return BundleVerifier.verify(zip, new BundleVerifier.Options(key.publicKey(), null, null));
    }

    private static CheckOutcome check(VerificationReport r) {
        return r.checks().stream()
                .filter(c -> c.id().equals("image-signatures"))
                .findFirst()
                .orElseThrow();
    }

    @Test
    void signedInTheRegistryRecordedSealedAndVerifiedOffline() throws Exception {
        SigningKey key = TestBundles.key(dir.resolve("keys"), "ec");
        try (LocalRegistry registry = LocalRegistry.start(dir.resolve("registry"))) {
            String digest = registry.push("shop/web", "v3.0.0", "shop", null);
            ImageSigner signer = new ImageSigner(new RegistryClient.Access(null, true, Duration.ofSeconds(20)));
            ImageSignature s = signer.sign(ImageReference.parse(registry.host() + "/shop/web:v3.0.0"), key);

            ReleaseEvidence ev = release();
            ev.recordApproval("qa-lead", "alice", true, "ok");
            LedgerEvent recorded = ev.recordImageSignature(s, "jenkins");
            assertThat(recorded.payload().path("controls")).isNotEmpty();
            Dsse.Envelope governance = ev.attestGovernance(key, "jenkins");
            String att = signer.attach(ImageReference.parse(s.image()), governance);
            assertThat(att).isEqualTo(registry.host() + "/shop/web:sha256-" + digest.substring(7) + ".att");

            // the attestation in the registry, read without our code, is the governance envelope with the image as
            // subject
            RegistryFiles files = new RegistryFiles(registry.host());
            JsonNode layer = files.manifest("shop/web", "sha256-" + digest.substring(7) + ".att")
                    .path("layers")
                    .get(0);
            assertThat(layer.path("mediaType").asText()).isEqualTo("application/vnd.dsse.envelope.v1+json");
            assertThat(layer.path("annotations").path("predicateType").asText())
                    .isEqualTo(ReleaseEvidence.GOVERNANCE_PREDICATE);
            assertThat(layer.path("annotations")
                            .path("dev.cosignproject.cosign/signature")
                            .asText("absent"))
                    .isEmpty();
            Dsse.Envelope stored = Dsse.Envelope.parse(
                    new String(files.blob("shop/web", layer.path("digest").asText()), StandardCharsets.UTF_8), "att");
            JsonNode statement = stored.payloadJson();
            assertThat(statement.path("subject").get(0).path("name").asText()).isEqualTo(registry.host() + "/shop/web");
            assertThat(statement
                            .path("subject")
                            .get(0)
                            .path("digest")
                            .path("sha256")
                            .asText())
                    .isEqualTo(digest.substring(7));
            assertThat(statement
                            .path("predicate")
                            .path("approvals")
                            .get(0)
                            .path("approver")
                            .asText())
                    .isEqualTo("alice");
            assertThat(statement
                            .path("predicate")
                            .path("images")
                            .get(0)
                            .path("image")
                            .asText())
                    .isEqualTo(s.image());
            // the DSSE signature checked by openssl over the pre-authentication encoding
            Path check = Files.createDirectories(dir.resolve("dsse"));
            Files.write(check.resolve("pae.bin"), Dsse.pae(stored.payloadType(), stored.payload()));
            Files.write(check.resolve("sig.der"), stored.signatures().get(0).sig());
            Files.copy(dir.resolve("keys/pub.pem"), check.resolve("pub.pem"));
            assertThat(OpenSsl.ok(
                            check,
                            "openssl",
                            "dgst",
                            "-sha256",
                            "-verify",
                            "pub.pem",
                            "-signature",
                            "sig.der",
                            "pae.bin"))
                    .contains("Verified OK");

            Path zip = ev.seal(key, "jenkins").writeTo(dir.resolve("out"));
            VerificationReport r = verify(zip, key);
            assertThat(r.problems()).isEmpty();
            assertThat(check(r).message())
                    .isEqualTo("1 image signature(s) verify with key "
                            + key.publicKey().fingerprint() + ", offline");
            try (var z = new java.util.zip.ZipFile(zip.toFile())) {
                var payload = z.getEntry(ImageEvidence.payloadEntry(s));
                assertThat(z.getInputStream(payload).readAllBytes())
                        .isEqualTo(files.blob("shop/web", s.payloadDigest()));
            }
        }
    }

    @Test
    void resumingFromTheLedgerGivesTheSameBundle() throws Exception {
        SigningKey key = TestBundles.key(dir.resolve("keys"), "ec");
        ReleaseEvidence ev = releaseWithImageSignedBy(key);
        ev.attestGovernance(key, "jenkins");
        Ledger copy = Ledger.inMemory(TestBundles.CLOCK);
        for (LedgerEvent e : ev.ledger().events()) {
            copy.append(
                    EventType.of(e.type()).orElseThrow(), e.actor(), (com.fasterxml.jackson.databind.node.ObjectNode)
                            e.payload());
        }
        ReleaseEvidence resumed = ReleaseEvidence.resume(
                copy,
                TestBundles.INOPSIO,
                io.jenkins.plugins.relgov.json.CanonicalJson.toBytes(TestBundles.INOPSIO.document()),
                n -> null,
                TestBundles.CLOCK);
        assertThat(bytes(resumed.seal(key, "jenkins"))).isEqualTo(bytes(ev.seal(key, "jenkins")));
    }

    private static Map<String, String> bytes(SealedBundle b) {
        return b.entries().entrySet().stream()
                .filter(e -> e.getKey().startsWith(ImageEvidence.FOLDER))
                .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().sha256()));
    }

    @Test
    void aReleaseDecisionOverASignedImageVerifies() throws Exception {
        SigningKey key = TestBundles.key(dir.resolve("keys"), "ec");
        ReleaseEvidence ev = releaseWithImageSignedBy(key);
        ev.attestGovernance(key, "jenkins");
        Dsse.Envelope decision = ev.attestReleaseDecision("development", key, "jenkins");
        // the image is the decision's subject, named as cosign attest names it (repository, manifest digest)
        assertThat(decision.payloadJson().path("subject").get(0).path("name").asText())
                .isEqualTo("registry.example/shop/web");
        assertThat(decision.payloadJson()
                        .path("subject")
                        .get(0)
                        .path("digest")
                        .path("sha256")
                        .asText())
                .isEqualTo(DIGEST.substring(7));
        VerificationReport r = verify(ev.seal(key, "jenkins").writeTo(dir.resolve("out")), key);
        assertThat(r.problems()).isEmpty();
        assertThat(r.checked())
                .anySatisfy(c -> assertThat(c)
                        .startsWith("decision: 1 release decision(s) (SLSA VSA) match the ledger: development"));
    }

    @Test
    void aRecordedSignatureWhosePayloadNamesAnotherImageFails() throws Exception {
        SigningKey key = TestBundles.key(dir.resolve("keys"), "ec");
        ImageSignature real = offlineSignature(key, "registry.example/shop/web", DIGEST);
        // a ledger that claims image B was signed, carrying A's valid signature and payload
        String other = "sha256:" + "77".repeat(32);
        ImageSignature lie = new ImageSignature(
                "registry.example/shop/web@" + other,
                real.repository(),
                other,
                null,
                real.payload(),
                real.signature(),
                real.algorithm(),
                real.keyFingerprint(),
                real.signatureTag(),
                true);
        ReleaseEvidence ev = release();
        ev.recordImageSignature(lie, "jenkins");
        VerificationReport r = verify(ev.seal(key, "jenkins").writeTo(dir.resolve("out")), key);
        assertThat(check(r).problems()).singleElement().satisfies(f -> {
            assertThat(f.where()).isEqualTo(ImageEvidence.signatureEntry(lie));
            assertThat(f.what()).startsWith("payload names another image digest, " + DIGEST);
        });
    }

    @Test
    void aSignatureByAnotherKeyFails() throws Exception {
        SigningKey key = TestBundles.key(dir.resolve("keys"), "ec");
        SigningKey other = TestBundles.key(dir.resolve("other"), "ec");
        ReleaseEvidence ev = releaseWithImageSignedBy(other);
        VerificationReport r = verify(ev.seal(key, "jenkins").writeTo(dir.resolve("out")), key);
        assertThat(check(r).problems())
                .singleElement()
                .satisfies(f -> assertThat(f.what())
                        .startsWith("signature does not verify with key "
                                + key.publicKey().fingerprint()));
    }

    @Test
    void aPayloadSwappedInTheBundleIsNamed() throws Exception {
        SigningKey key = TestBundles.key(dir.resolve("keys"), "ec");
        ImageSignature s = offlineSignature(key, "registry.example/shop/web", DIGEST);
        ReleaseEvidence ev = release();
        ev.recordImageSignature(s, "jenkins");
        Path zip = ev.seal(key, "jenkins").writeTo(dir.resolve("out"));
        Path bad = TestBundles.rewrite(
                zip,
                dir.resolve("bad.zip"),
                Map.of(
                        ImageEvidence.payloadEntry(s),
                        b -> new String(b, StandardCharsets.UTF_8)
                                .replace("5e5e", "5e5f")
                                .getBytes(StandardCharsets.UTF_8),
                        ImageEvidence.FOLDER + "planted.sig",
                        b -> "AAAA".getBytes(StandardCharsets.US_ASCII)));
        VerificationReport r = verify(bad, key);
        assertThat(check(r).problems())
                .extracting(Finding::where, Finding::what)
                .contains(
                        org.assertj.core.groups.Tuple.tuple(
                                ImageEvidence.payloadEntry(s), "differs from the payload recorded at ledger seq 1"),
                        org.assertj.core.groups.Tuple.tuple(
                                ImageEvidence.FOLDER + "planted.sig", "in the bundle but not recorded in the ledger"));
        assertThat(r.valid()).isFalse();
    }

    @Test
    void theSummaryListsTheImage() throws Exception {
        SigningKey key = TestBundles.key(dir.resolve("keys"), "ec");
        ReleaseEvidence ev = releaseWithImageSignedBy(key);
        SealedBundle b = ev.seal(key, "jenkins");
        var out = new ByteArrayOutputStream();
        try (var in = b.entries().get(SealedBundle.SUMMARY).open()) {
            in.transferTo(out);
        }
        assertThat(out.toString(StandardCharsets.UTF_8))
                .contains("## Image signatures")
                .contains("`registry.example/shop/web@" + DIGEST + "`");
    }

    @Test
    void aVerifiedBundleYieldsItsAttestationsAboutTheImageAndOnlyThose() throws Exception {
        SigningKey key = TestBundles.key(dir.resolve("keys"), "ec");
        SigningKey other = TestBundles.key(dir.resolve("other"), "ec");
        ReleaseEvidence ev = releaseWithImageSignedBy(key);
        Dsse.Envelope governance = ev.attestGovernance(key, "jenkins");
        Path zip = ev.seal(key, "jenkins").writeTo(dir.resolve("out"));

        assertThat(BundleAttestations.about(zip, DIGEST.substring(7), key.publicKey()))
                .singleElement()
                .satisfies(e -> assertThat(e.toJson()).isEqualTo(governance.toJson()));
        assertThat(BundleAttestations.about(zip, "77".repeat(32), key.publicKey()))
                .isEmpty();
        org.assertj.core.api.Assertions.assertThatThrownBy(
                        () -> BundleAttestations.about(zip, DIGEST.substring(7), other.publicKey()))
                .isInstanceOf(EvidenceException.class)
                .hasMessageContaining("INVALID");
    }
}
