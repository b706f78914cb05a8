package io.jenkins.plugins.relgov.oci;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jenkins.plugins.relgov.signing.KeyAlgorithm;
import io.jenkins.plugins.relgov.signing.SigningKey;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The distribution spec's Bearer token challenge, end to end: the real registry is configured for token
 * authentication ({@code auth.token}) and trusts only tokens from {@link TokenService}, a loopback issuer the test
 * controls, so the registry itself checks every token's signature, audience, lifetime and granted scope. A token
 * service is what production registries put there (Docker Hub, Harbor, GitLab); an auth proxy in front of an open
 * registry would test our client against our own proxy, not against the registry's own checks.
 */
class TokenAuthTest {
    private static final String PASSWORD = "s3cret-Pa55word";

    @TempDir
    static Path dir;

    private static TokenService tokens;
    private static LocalRegistry registry;
    private static String digest;

    @BeforeAll
    static void start() throws Exception {
        tokens = TokenService.start(dir.resolve("tokens"), "ci-bot", PASSWORD);
        registry = LocalRegistry.start(dir.resolve("registry"), tokens);
        digest = registry.push("team/app", "v2", "token", "ci-bot:" + PASSWORD);
    }

    @AfterAll
    static void stop() {
        if (registry != null) {
            registry.close();
        }
        if (tokens != null) {
            tokens.close();
        }
    }

    private static ImageReference image() {
        return ImageReference.parse(registry.host() + "/team/app:v2");
    }

    private static RegistryClient.Access as(RegistryCredentials c) {
        return new RegistryClient.Access(c, true, Duration.ofSeconds(20));
    }

    @Test
    void signsAndVerifiesWithATokenForExactlyThisRepository() {
        SigningKey key = SigningKey.generate(KeyAlgorithm.ECDSA_P256);
        ImageSigner signer = new ImageSigner(as(new RegistryCredentials("ci-bot", PASSWORD)));
        ImageSignature s = signer.sign(image(), key);
        assertThat(s.digest()).isEqualTo(digest);
        assertThat(signer.verify(image(), key.publicKey()).verified()).isTrue();

        String basic =
                "Basic " + Base64.getEncoder().encodeToString(("ci-bot:" + PASSWORD).getBytes(StandardCharsets.UTF_8));
        assertThat(tokens.seen()).anySatisfy(t -> {
            assertThat(t.scope()).isEqualTo("repository:team/app:pull,push");
            assertThat(t.service()).isEqualTo(TokenService.SERVICE);
            assertThat(t.authorization()).isEqualTo(basic);
        });
        assertThat(tokens.seen()).anySatisfy(t -> assertThat(t.scope()).isEqualTo("repository:team/app:pull"));
    }

    @Test
    void aWrongPasswordIsNamedWithoutTheSecret() {
        String wrong = "not-the-" + PASSWORD;
        ImageSigner signer = new ImageSigner(as(new RegistryCredentials("ci-bot", wrong)));
        assertThatThrownBy(() -> signer.sign(image(), SigningKey.generate(KeyAlgorithm.ECDSA_P256)))
                .isInstanceOf(RegistryException.class)
                .hasMessageContaining("refused the credentials of ci-bot")
                .satisfies(e -> assertThat(e.getMessage())
                        .doesNotContain(wrong)
                        .doesNotContain(PASSWORD)
                        .doesNotContain(Base64.getEncoder()
                                .encodeToString(("ci-bot:" + wrong).getBytes(StandardCharsets.UTF_8))));
    }

    @Test
    void anonymousAccessGetsATokenThatTheRegistryRefuses() {
        ImageSigner signer = new ImageSigner(as(null));
        assertThatThrownBy(() -> signer.verify(
                        image(), SigningKey.generate(KeyAlgorithm.ECDSA_P256).publicKey()))
                .isInstanceOf(RegistryException.class)
                .hasMessageContaining("refused anonymous access");
        assertThat(tokens.seen()).anySatisfy(t -> assertThat(t.authorization()).isNull());
    }
}
