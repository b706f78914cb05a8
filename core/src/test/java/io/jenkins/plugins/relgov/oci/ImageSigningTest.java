package io.jenkins.plugins.relgov.oci;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jenkins.plugins.relgov.signing.KeyAlgorithm;
import io.jenkins.plugins.relgov.signing.OpenSsl;
import io.jenkins.plugins.relgov.signing.SigningKey;
import io.jenkins.plugins.relgov.signing.VerificationKey;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Image signatures in a real registry (Debian's docker-registry on loopback), stored as cosign stores them and
 * checked without our code: the manifest, config and payload read over plain HTTP, the signature verified by
 * openssl. (Debian's skopeo is built with its sigstore support disabled, and cosign is not packaged, so openssl is
 * the independent verifier here.)
 */
class ImageSigningTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path dir;

    private static LocalRegistry registry;
    private static RegistryFiles files;
    private static final RegistryClient.Access HTTP = new RegistryClient.Access(null, true, Duration.ofSeconds(20));
    private final ImageSigner signer = new ImageSigner(HTTP);

    @BeforeAll
    static void start() throws Exception {
        registry = LocalRegistry.start(dir.resolve("registry"));
        files = new RegistryFiles(registry.host());
    }

    @AfterAll
    static void stop() {
        if (registry != null) {
            registry.close();
        }
    }

    private static Path keys(String name, String algorithm) throws Exception {
        Path d = Files.createDirectories(dir.resolve("keys-" + name));
        OpenSsl.keyPair(d, algorithm, false);
        return d;
    }

    private ImageReference ref(String repo, String tagOrDigest) {
        return ImageReference.parse(
                registry.host() + "/" + repo + (tagOrDigest.startsWith("sha256:") ? "@" : ":") + tagOrDigest);
    }

    @Test
    void aTagIsResolvedAndTheSignatureIsStoredAsCosignStoresItAndOpensslVerifiesIt() throws Exception {
        String digest = registry.push("demo/app", "v1", "first", null);
        Path k = keys("ec", "ec");
        ImageSignature s = signer.sign(ref("demo/app", "v1"), SigningKey.read(k.resolve("key.pem"), null));

        assertThat(s.digest()).isEqualTo(digest);
        assertThat(s.tag()).isEqualTo("v1");
        assertThat(s.image()).isEqualTo(registry.host() + "/demo/app@" + digest);
        assertThat(s.signatureTag()).isEqualTo(registry.host() + "/demo/app:sha256-" + digest.substring(7) + ".sig");
        assertThat(s.added()).isTrue();

        JsonNode m = files.manifest("demo/app", "sha256-" + digest.substring(7) + ".sig");
        assertThat(m.path("schemaVersion").asInt()).isEqualTo(2);
        assertThat(m.path("mediaType").asText()).isEqualTo("application/vnd.oci.image.manifest.v1+json");
        assertThat(m.path("config").path("mediaType").asText()).isEqualTo("application/vnd.oci.image.config.v1+json");
        assertThat(m.path("layers")).hasSize(1);
        JsonNode layer = m.path("layers").get(0);
        assertThat(layer.path("mediaType").asText()).isEqualTo("application/vnd.dev.cosign.simplesigning.v1+json");
        assertThat(layer.path("digest").asText()).isEqualTo(s.payloadDigest());

        byte[] payload = files.blob("demo/app", layer.path("digest").asText());
        assertThat(new String(payload, StandardCharsets.UTF_8))
                .isEqualTo("{\"critical\":{\"identity\":{\"docker-reference\":\""
                        + registry.host() + "/demo/app\"},\"image\":{\"docker-manifest-digest\":\"" + digest
                        + "\"},\"type\":\"cosign container image signature\"},\"optional\":null}");
        // the config go-containerregistry's mutate.Append writes onto cosign's empty signature image
        assertThat(new String(
                        files.blob("demo/app", m.path("config").path("digest").asText()), StandardCharsets.UTF_8))
                .isEqualTo(
                        "{\"architecture\":\"\",\"created\":\"0001-01-01T00:00:00Z\",\"history\":[{\"created\":\"0001-01-01T00:00:00Z\"}],"
                                + "\"os\":\"\",\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[\"" + s.payloadDigest()
                                + "\"]},\"config\":{}}");

        Path check = Files.createDirectories(dir.resolve("openssl-ec"));
        Files.write(check.resolve("payload.json"), payload);
        Files.write(
                check.resolve("sig.der"),
                Base64.getDecoder()
                        .decode(layer.path("annotations")
                                .path("dev.cosignproject.cosign/signature")
                                .asText()));
        Files.copy(k.resolve("pub.pem"), check.resolve("pub.pem"));
        assertThat(OpenSsl.ok(
                        check,
                        "openssl",
                        "dgst",
                        "-sha256",
                        "-verify",
                        "pub.pem",
                        "-signature",
                        "sig.der",
                        "payload.json"))
                .contains("Verified OK");
    }

    @Test
    void anEd25519SignatureVerifiesWithOpensslToo() throws Exception {
        String digest = registry.push("demo/edge", "v1", "edge", null);
        Path k = keys("ed", "ed25519");
        signer.sign(ref("demo/edge", digest), SigningKey.read(k.resolve("key.pem"), null));
        JsonNode layer = files.manifest("demo/edge", "sha256-" + digest.substring(7) + ".sig")
                .path("layers")
                .get(0);
        Path check = Files.createDirectories(dir.resolve("openssl-ed"));
        Files.write(
                check.resolve("payload.json"),
                files.blob("demo/edge", layer.path("digest").asText()));
        Files.write(
                check.resolve("sig.raw"),
                Base64.getDecoder()
                        .decode(layer.path("annotations")
                                .path("dev.cosignproject.cosign/signature")
                                .asText()));
        Files.copy(k.resolve("pub.pem"), check.resolve("pub.pem"));
        assertThat(OpenSsl.ok(
                        check,
                        "openssl",
                        "pkeyutl",
                        "-verify",
                        "-pubin",
                        "-inkey",
                        "pub.pem",
                        "-rawin",
                        "-in",
                        "payload.json",
                        "-sigfile",
                        "sig.raw"))
                .contains("Signature Verified Successfully");
        assertThat(signer.verify(ref("demo/edge", digest), VerificationKey.read(k.resolve("pub.pem")))
                        .verified())
                .isTrue();
    }

    @Test
    void signingAgainAddsASignatureAndNeverDropsOne() throws Exception {
        String digest = registry.push("demo/multi", "v1", "multi", null);
        Path a = keys("a", "ec");
        Path b = keys("b", "ec");
        Path c = keys("c", "ec");
        ImageReference image = ref("demo/multi", digest);
        signer.sign(image, SigningKey.read(a.resolve("key.pem"), null));
        signer.sign(image, SigningKey.read(b.resolve("key.pem"), null));
        ImageSignature again = signer.sign(image, SigningKey.read(a.resolve("key.pem"), null));

        assertThat(again.added())
                .as("the same payload signed by the same key is already there, as cosign's dupe check finds")
                .isFalse();
        assertThat(files.manifest("demo/multi", "sha256-" + digest.substring(7) + ".sig")
                        .path("layers"))
                .hasSize(2);
        JsonNode config = JSON.readTree(files.blob(
                "demo/multi",
                files.manifest("demo/multi", "sha256-" + digest.substring(7) + ".sig")
                        .path("config")
                        .path("digest")
                        .asText()));
        assertThat(config.path("rootfs").path("diff_ids")).hasSize(2);
        assertThat(signer.verify(image, VerificationKey.read(a.resolve("pub.pem")))
                        .verified())
                .isTrue();
        assertThat(signer.verify(image, VerificationKey.read(b.resolve("pub.pem")))
                        .verified())
                .isTrue();
        ImageVerification other = signer.verify(image, VerificationKey.read(c.resolve("pub.pem")));
        assertThat(other.verified()).isFalse();
        assertThat(other.signatures())
                .extracting(ImageVerification.Checked::problem)
                .allMatch(p -> p.startsWith("signature does not verify with key"));
    }

    @Test
    void anUnsignedImageHasNoSignatures() throws Exception {
        String digest = registry.push("demo/unsigned", "v1", "unsigned", null);
        ImageVerification v = signer.verify(
                ref("demo/unsigned", "v1"), VerificationKey.read(keys("u", "ec").resolve("pub.pem")));
        assertThat(v.verified()).isFalse();
        assertThat(v.signatures()).isEmpty();
        assertThat(v.image().digest()).isEqualTo(digest);
    }

    @Test
    void aSignatureWhosePayloadNamesAnotherDigestDoesNotCount() throws Exception {
        String signed = registry.push("demo/swap", "a", "swap-a", null);
        String victim = registry.push("demo/swap", "b", "swap-b", null);
        Path k = keys("swap", "ec");
        signer.sign(ref("demo/swap", signed), SigningKey.read(k.resolve("key.pem"), null));
        // the attacker copies A's valid signature manifest to B's signature tag
        files.putManifest(
                "demo/swap",
                "sha256-" + victim.substring(7) + ".sig",
                files.manifest("demo/swap", "sha256-" + signed.substring(7) + ".sig"));

        ImageVerification v = signer.verify(ref("demo/swap", victim), VerificationKey.read(k.resolve("pub.pem")));
        assertThat(v.verified()).isFalse();
        assertThat(v.signatures())
                .singleElement()
                .extracting(ImageVerification.Checked::problem)
                .isEqualTo("payload names another image digest, " + signed);
    }

    @Test
    void aSignatureWhosePayloadNamesAnotherRepositoryDoesNotCount() throws Exception {
        String digest = registry.push("demo/origin", "v1", "moved", null);
        Path k = keys("moved", "ec");
        signer.sign(ref("demo/origin", digest), SigningKey.read(k.resolve("key.pem"), null));
        // the same image and its signature copied into another repository: cosign accepts it, we do not
        assertThat(registry.push("demo/copy", "v1", "moved", null)).isEqualTo(digest);
        JsonNode sig = files.manifest("demo/origin", "sha256-" + digest.substring(7) + ".sig");
        files.putBlob(
                "demo/copy",
                files.blob("demo/origin", sig.path("config").path("digest").asText()));
        files.putBlob(
                "demo/copy",
                files.blob(
                        "demo/origin", sig.path("layers").get(0).path("digest").asText()));
        files.putManifest("demo/copy", "sha256-" + digest.substring(7) + ".sig", sig);

        ImageVerification v = signer.verify(ref("demo/copy", digest), VerificationKey.read(k.resolve("pub.pem")));
        assertThat(v.verified()).isFalse();
        assertThat(v.signatures())
                .singleElement()
                .extracting(ImageVerification.Checked::problem)
                .isEqualTo("payload names another repository, " + registry.host() + "/demo/origin");
    }

    @Test
    void aForeignLayerIsKeptWhenSigningAndIgnoredWhenVerifying() throws Exception {
        String digest = registry.push("demo/foreign", "v1", "foreign", null);
        // a signature image someone else wrote, with a layer that is not ours (Docker media types, an extra field)
        byte[] other = "{\"not\":\"a payload\"}".getBytes(StandardCharsets.UTF_8);
        ObjectNode config = JSON.createObjectNode().put("architecture", "").put("os", "");
        config.putObject("rootfs").put("type", "layers").putArray("diff_ids").add(LocalRegistry.sha256(other));
        byte[] configBytes = JSON.writeValueAsBytes(config);
        ObjectNode m = JSON.createObjectNode()
                .put("schemaVersion", 2)
                .put("mediaType", "application/vnd.oci.image.manifest.v1+json");
        m.putObject("config")
                .put("mediaType", "application/vnd.oci.image.config.v1+json")
                .put("size", configBytes.length)
                .put("digest", files.putBlob("demo/foreign", configBytes));
        ArrayNode layers = m.putArray("layers");
        layers.addObject()
                .put("mediaType", "application/vnd.example.other")
                .put("size", other.length)
                .put("digest", files.putBlob("demo/foreign", other))
                .putObject("annotations")
                .put("x", "y");
        String tag = "sha256-" + digest.substring(7) + ".sig";
        files.putManifest("demo/foreign", tag, m);

        Path k = keys("foreign", "ec");
        signer.sign(ref("demo/foreign", digest), SigningKey.read(k.resolve("key.pem"), null));
        JsonNode after = files.manifest("demo/foreign", tag);
        assertThat(after.path("layers")).hasSize(2);
        assertThat(after.path("layers").get(0)).isEqualTo(layers.get(0));
        ImageVerification v = signer.verify(ref("demo/foreign", digest), VerificationKey.read(k.resolve("pub.pem")));
        assertThat(v.verified()).isTrue();
        assertThat(v.signatures().get(0).problem())
                .isEqualTo("layer of media type 'application/vnd.example.other', not a simple signing payload");
    }

    @Test
    void aTagThatDoesNotExistIsARegistryProblem() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> signer.verify(
                        ref("demo/none", "v9"),
                        VerificationKey.read(keys("none", "ec").resolve("pub.pem"))))
                .isInstanceOf(RegistryException.class)
                .hasMessageContaining("has no tag v9 in demo/none");
    }

    @Test
    void signersRacingOnOneImageLoseNoSignature() throws Exception {
        String digest = registry.push("demo/race", "v1", "race", null);
        List<SigningKey> keys = java.util.stream.IntStream.range(0, 4)
                .mapToObj(i -> SigningKey.generate(KeyAlgorithm.ECDSA_P256))
                .toList();
        var pool = java.util.concurrent.Executors.newFixedThreadPool(keys.size());
        try {
            var start = new java.util.concurrent.CountDownLatch(1);
            List<java.util.concurrent.Future<ImageSignature>> done = new java.util.ArrayList<>();
            for (SigningKey k : keys) {
                done.add(pool.submit(() -> {
                    start.await();
                    return signer.sign(ref("demo/race", digest), k);
                }));
            }
            start.countDown();
            for (var f : done) {
                f.get(60, java.util.concurrent.TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        // each signer re-reads the tag after writing and appends again if another signer's write replaced its own
        for (SigningKey k : keys) {
            assertThat(signer.verify(ref("demo/race", digest), k.publicKey()).verified())
                    .isTrue();
        }
        assertThat(files.manifest("demo/race", "sha256-" + digest.substring(7) + ".sig")
                        .path("layers"))
                .hasSize(keys.size());
    }
}
