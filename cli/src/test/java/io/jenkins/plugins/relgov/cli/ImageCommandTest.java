package io.jenkins.plugins.relgov.cli;

import static io.jenkins.plugins.relgov.cli.AnalyzeCommandTest.relgov;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jenkins.plugins.relgov.evidence.ReleaseEvidence;
import io.jenkins.plugins.relgov.oci.ImageReference;
import io.jenkins.plugins.relgov.oci.ImageSignature;
import io.jenkins.plugins.relgov.oci.ImageSigner;
import io.jenkins.plugins.relgov.oci.LocalRegistry;
import io.jenkins.plugins.relgov.oci.RegistryClient;
import io.jenkins.plugins.relgov.oci.RegistryFiles;
import io.jenkins.plugins.relgov.oci.TokenService;
import io.jenkins.plugins.relgov.policy.ShippedPolicies;
import io.jenkins.plugins.relgov.signing.OpenSsl;
import io.jenkins.plugins.relgov.signing.SigningKey;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code relgov image sign|verify} against a real registry: exit 0 signed or verified, 1 not verified, 2 unusable or unreachable. */
class ImageCommandTest {
    @TempDir
    static Path dir;

    private static LocalRegistry registry;
    private static Path keys;
    private static Path otherKeys;
    private static String empty;

    @BeforeAll
    static void start() throws Exception {
        registry = LocalRegistry.start(dir.resolve("registry"));
        keys = Files.createDirectories(dir.resolve("keys"));
        OpenSsl.keyPair(keys, "ec", true);
        Files.writeString(keys.resolve("password"), "secret\n");
        otherKeys = Files.createDirectories(dir.resolve("other"));
        OpenSsl.keyPair(otherKeys, "ec", false);
        empty = Files.createDirectories(dir.resolve("no-docker-config")).toString();
    }

    @AfterAll
    static void stop() {
        if (registry != null) {
            registry.close();
        }
    }

    private static AnalyzeCommandTest.Run sign(String ref, String... extra) {
        String[] base = {
            "image",
            "sign",
            "--key",
            keys.resolve("key.pem").toString(),
            "--password-file",
            keys.resolve("password").toString(),
            "--allow-http-registry",
            "--docker-config",
            empty
        };
        return relgov(concat(base, extra, ref));
    }

    private static AnalyzeCommandTest.Run verify(Path pub, String ref, String... extra) {
        String[] base = {"image", "verify", "--key", pub.toString(), "--docker-config", empty};
        return relgov(concat(base, extra, ref));
    }

    private static String[] concat(String[] a, String[] b, String last) {
        String[] out = java.util.Arrays.copyOf(a, a.length + b.length + 1);
        System.arraycopy(b, 0, out, a.length, b.length);
        out[out.length - 1] = last;
        return out;
    }

    @Test
    void signsATagAndVerifiesItsDigest() throws Exception {
        String digest = registry.push("cli/app", "v1", "cli", null);
        AnalyzeCommandTest.Run s = sign(registry.host() + "/cli/app:v1");
        assertThat(s.exit()).as(s.err()).isZero();
        String image = registry.host() + "/cli/app@" + digest;
        assertThat(s.out())
                .startsWith("signed " + image + "  (tag v1)")
                .contains("signature  " + registry.host() + "/cli/app:sha256-" + digest.substring(7)
                        + ".sig  (ECDSA_P256, key ")
                .contains("Check with: cosign verify --key PUB.pem --insecure-ignore-tlog=true --allow-http-registry "
                        + image);
        assertThat(s.out()).doesNotContain("secret");

        AnalyzeCommandTest.Run v = verify(keys.resolve("pub.pem"), image, "--allow-http-registry");
        assertThat(v.exit()).as(v.out() + v.err()).isZero();
        assertThat(v.out()).startsWith("verified " + image + ": 1 of 1 signature(s)");

        AnalyzeCommandTest.Run other =
                verify(otherKeys.resolve("pub.pem"), registry.host() + "/cli/app:v1", "--allow-http-registry");
        assertThat(other.exit()).isEqualTo(1);
        assertThat(other.out())
                .startsWith("NOT verified " + image + ": no signature in ")
                .contains("signature does not verify with key");
    }

    @Test
    void anUnsignedImageIsOne() throws Exception {
        String digest = registry.push("cli/unsigned", "v1", "cli-unsigned", null);
        AnalyzeCommandTest.Run v =
                verify(keys.resolve("pub.pem"), registry.host() + "/cli/unsigned@" + digest, "--allow-http-registry");
        assertThat(v.exit()).isEqualTo(1);
        assertThat(v.out().strip())
                .isEqualTo("NOT verified " + registry.host() + "/cli/unsigned@" + digest + ": no signature stored at "
                        + registry.host() + "/cli/unsigned:sha256-" + digest.substring(7) + ".sig");
    }

    @Test
    void anUnreachableRegistryIsTwo() throws Exception {
        int closed = LocalRegistry.freePort();
        AnalyzeCommandTest.Run v = verify(
                keys.resolve("pub.pem"),
                "127.0.0.1:" + closed + "/cli/app:v1",
                "--allow-http-registry",
                "--timeout",
                "5");
        assertThat(v.exit()).isEqualTo(2);
        assertThat(v.err()).startsWith("relgov image verify: cannot reach registry 127.0.0.1:" + closed);
    }

    @Test
    void withoutAllowHttpOnlyHttpsIsTried() {
        AnalyzeCommandTest.Run v = verify(keys.resolve("pub.pem"), registry.host() + "/cli/app:v1", "--timeout", "5");
        assertThat(v.exit()).isEqualTo(2);
        assertThat(v.err()).startsWith("relgov image verify: cannot reach registry " + registry.host());
    }

    @Test
    void aBadReferenceOrKeyIsTwoAndNamed() {
        AnalyzeCommandTest.Run ref = sign(registry.host() + "/Bad/Name:v1");
        assertThat(ref.exit()).isEqualTo(2);
        assertThat(ref.err()).contains("is not a valid name");
        AnalyzeCommandTest.Run key = relgov(
                "image", "sign", "--key", dir.resolve("missing.pem").toString(), registry.host() + "/cli/app:v1");
        assertThat(key.exit()).isEqualTo(2);
        assertThat(key.err().strip())
                .isEqualTo("relgov image sign: private key " + dir.resolve("missing.pem") + ": no such file");
    }

    @Test
    void credentialsComeFromDockerConfigAndTheTokenChallengeIsAnswered() throws Exception {
        try (TokenService tokens = TokenService.start(dir.resolve("tokens"), "pipeline", "hunter2-token");
                LocalRegistry secured = LocalRegistry.start(dir.resolve("secured"), tokens)) {
            String digest = secured.push("cli/secure", "v1", "secure", "pipeline:hunter2-token");
            Path config = Files.createDirectories(dir.resolve("docker"));
            ObjectNode root = new ObjectMapper().createObjectNode();
            root.putObject("auths")
                    .putObject(secured.host())
                    .put(
                            "auth",
                            Base64.getEncoder()
                                    .encodeToString("pipeline:hunter2-token".getBytes(StandardCharsets.UTF_8)));
            Files.writeString(config.resolve("config.json"), root.toString());

            String image = secured.host() + "/cli/secure@" + digest;
            AnalyzeCommandTest.Run s = relgov(
                    "image",
                    "sign",
                    "--key",
                    otherKeys.resolve("key.pem").toString(),
                    "--allow-http-registry",
                    "--docker-config",
                    config.toString(),
                    image);
            assertThat(s.exit()).as(s.err()).isZero();
            AnalyzeCommandTest.Run v = relgov(
                    "image",
                    "verify",
                    "--key",
                    otherKeys.resolve("pub.pem").toString(),
                    "--allow-http-registry",
                    "--docker-config",
                    config.toString(),
                    image);
            assertThat(v.exit()).as(v.err()).isZero();
            AnalyzeCommandTest.Run anonymous = verify(otherKeys.resolve("pub.pem"), image, "--allow-http-registry");
            assertThat(anonymous.exit()).isEqualTo(2);
            assertThat(anonymous.err()).contains("refused anonymous access");
            assertThat(s.out() + s.err() + v.out() + v.err() + anonymous.err()).doesNotContain("hunter2");
        }
    }

    @Test
    void attachesTheSealedReleasesAttestationAboutTheImage() throws Exception {
        String digest = registry.push("cli/attested", "v1", "attested", null);
        String other = registry.push("cli/attested", "v2", "attested-other", null);
        SigningKey key = SigningKey.read(otherKeys.resolve("key.pem"), null);
        ImageSigner signer = new ImageSigner(new RegistryClient.Access(null, true, Duration.ofSeconds(20)));
        ImageSignature s = signer.sign(ImageReference.parse(registry.host() + "/cli/attested:v1"), key);
        ReleaseEvidence ev = ReleaseEvidence.start(
                new ReleaseEvidence.Release("web", "v1", "minor"),
                ShippedPolicies.loaded("inopsio"),
                "ci",
                Clock.systemUTC());
        ev.recordApproval("qa-lead", "alice", true, "ok");
        ev.recordImageSignature(s, "ci");
        ev.attestGovernance(key, "ci");
        Path zip = ev.seal(key, "ci").writeTo(dir.resolve("attest-bundle"));

        String[] attest = {
            "image",
            "attest",
            "--bundle",
            zip.toString(),
            "--key",
            otherKeys.resolve("pub.pem").toString(),
            "--allow-http-registry",
            "--docker-config",
            empty,
            registry.host() + "/cli/attested:v1"
        };
        AnalyzeCommandTest.Run first = relgov(attest);
        assertThat(first.exit()).as(first.err()).isZero();
        String att = registry.host() + "/cli/attested:sha256-" + digest.substring(7) + ".att";
        assertThat(first.out()).startsWith("attached https://jenkins.io/release-governance/governance/v1 to " + att);
        assertThat(relgov(attest).exit()).isZero();
        var layers = new RegistryFiles(registry.host())
                .manifest("cli/attested", "sha256-" + digest.substring(7) + ".att")
                .path("layers");
        assertThat(layers).hasSize(1);
        assertThat(layers.get(0).path("mediaType").asText()).isEqualTo("application/vnd.dsse.envelope.v1+json");

        AnalyzeCommandTest.Run notAbout = relgov(
                "image",
                "attest",
                "--bundle",
                zip.toString(),
                "--key",
                otherKeys.resolve("pub.pem").toString(),
                "--allow-http-registry",
                "--docker-config",
                empty,
                registry.host() + "/cli/attested@" + other);
        assertThat(notAbout.exit()).isEqualTo(1);
        assertThat(notAbout.err()).contains("has no attestation about " + registry.host() + "/cli/attested@" + other);
        AnalyzeCommandTest.Run wrongKey = relgov(
                "image",
                "attest",
                "--bundle",
                zip.toString(),
                "--key",
                keys.resolve("pub.pem").toString(),
                "--allow-http-registry",
                "--docker-config",
                empty,
                registry.host() + "/cli/attested:v1");
        assertThat(wrongKey.exit()).isEqualTo(1);
        assertThat(wrongKey.err()).contains("INVALID");
    }
}
