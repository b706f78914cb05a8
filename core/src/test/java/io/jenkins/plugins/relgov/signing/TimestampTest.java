package io.jenkins.plugins.relgov.signing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** RFC 3161 timestamps from a real openssl TSA over loopback HTTP, checked by us and by {@code openssl ts -verify}. */
class TimestampTest {
    @TempDir
    Path dir;

    private LocalTsa tsa;

    @BeforeEach
    void startTsa() throws Exception {
        tsa = LocalTsa.start(dir.resolve("tsa"), "Test TSA");
    }

    @AfterEach
    void stopTsa() {
        tsa.close();
    }

    @Test
    void aTokenFromTheAuthorityVerifiesHereAndWithOpensslTsVerify() throws Exception {
        byte[] data = "the seal's signature".getBytes();
        Instant before = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        byte[] der = tsa.client().timestamp(data);
        TimestampToken token = TimestampToken.parse(der, "t");
        token.verify(data, tsa.ca(), "t");
        assertThat(token.time()).isBetween(before.minusSeconds(2), Instant.now().plusSeconds(2));
        assertThat(token.authority()).contains("CN=Test TSA");

        Files.write(dir.resolve("data.bin"), data);
        Files.write(dir.resolve("reply.tsr"), der);
        assertThat(OpenSsl.ok(
                        dir,
                        "openssl",
                        "ts",
                        "-verify",
                        "-in",
                        "reply.tsr",
                        "-data",
                        "data.bin",
                        "-CAfile",
                        tsa.caPem().toString()))
                .contains("Verification: OK");
        Files.write(dir.resolve("other.bin"), "other".getBytes());
        assertThat(OpenSsl.run(
                                dir,
                                "openssl",
                                "ts",
                                "-verify",
                                "-in",
                                "reply.tsr",
                                "-data",
                                "other.bin",
                                "-CAfile",
                                tsa.caPem().toString())
                        .out())
                .contains("Verification: FAILED");
    }

    @Test
    void aTokenIsRefusedOverOtherDataOrFromAnAuthorityNotTrusted() throws Exception {
        byte[] data = "signature".getBytes();
        TimestampToken token = TimestampToken.parse(tsa.client().timestamp(data), "t");
        assertThatThrownBy(() -> token.verify("other".getBytes(), tsa.ca(), "t"))
                .hasMessage("t: the time-stamp token is not over this data (message imprint differs)");
        try (LocalTsa other = LocalTsa.start(dir.resolve("other"), "Other TSA")) {
            assertThatThrownBy(() -> token.verify(data, other.ca(), "t"))
                    .hasMessageContaining("t: the time-stamping authority CN=Test TSA is not one you trust");
            // the authority's own certificate may be what is trusted, instead of its CA
            token.verify(data, TimestampToken.certificates(Files.readAllBytes(tsa.tsaPem()), "tsa.pem"), "t");
        }
        assertThat(token.verifyIntegrity(data, "t")).isEqualTo("CN=Test TSA");
    }

    @Test
    void theClientRefusesAnImpostorAuthorityABrokenAnswerAndARefusal() throws Exception {
        try (LocalTsa impostor = LocalTsa.start(dir.resolve("impostor"), "Impostor TSA")) {
            var client = new TimestampAuthority(impostor.url(), tsa.ca(), Duration.ofSeconds(20));
            assertThatThrownBy(() -> client.timestamp("x".getBytes()))
                    .isInstanceOf(SigningException.class)
                    .hasMessageContaining("CN=Impostor TSA is not one you trust");
        }
        tsa.answer(LocalTsa.Answer.HTTP_500);
        assertThatThrownBy(() -> tsa.client().timestamp("x".getBytes()))
                .isInstanceOf(IOException.class)
                .hasMessage(tsa.url() + ": the time-stamping authority answered HTTP 500");
        tsa.answer(LocalTsa.Answer.GARBAGE);
        assertThatThrownBy(() -> tsa.client().timestamp("x".getBytes()))
                .isInstanceOf(IOException.class)
                .hasMessage(tsa.url() + ": the answer is not an RFC 3161 time-stamp response");
        tsa.answer(LocalTsa.Answer.REJECTION);
        assertThatThrownBy(() -> tsa.client().timestamp("x".getBytes()))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("the time-stamping authority refused the request (status 2");
    }

    @Test
    void anAuthorityThatCannotBeReachedSaysSo() throws Exception {
        URI url = tsa.url();
        tsa.close();
        assertThatThrownBy(() -> new TimestampAuthority(url, tsa.ca(), Duration.ofSeconds(5)).timestamp("x".getBytes()))
                .isInstanceOf(IOException.class)
                .hasMessageStartingWith(url + ": cannot reach the time-stamping authority: ")
                .hasMessageNotContaining("null"); // a refused connection has no message of its own: its kind is named
    }

    @Test
    void theAuthoritySettingsAreCheckedUpFront() throws Exception {
        List<java.security.cert.X509Certificate> ca = tsa.ca();
        assertThatThrownBy(() -> new TimestampAuthority(URI.create("ftp://tsa.example/"), ca, Duration.ofSeconds(1)))
                .hasMessageContaining("must be an http or https URL");
        assertThatThrownBy(() -> new TimestampAuthority(
                        URI.create("https://user:secret@tsa.example/"), ca, Duration.ofSeconds(1)))
                .hasMessage("time-stamping authority URL must not carry credentials (user:password@)")
                .hasMessageNotContaining("secret");
        assertThatThrownBy(() ->
                        new TimestampAuthority(URI.create("https://tsa.example/"), List.of(), Duration.ofSeconds(1)))
                .hasMessageContaining("certificate is needed");
        assertThatThrownBy(() -> TimestampToken.certificates("not pem".getBytes(), "ca.pem"))
                .hasMessageStartingWith("ca.pem: ");
        assertThatThrownBy(() -> TimestampToken.parse("not a token".getBytes(), "seal.tsr"))
                .hasMessageStartingWith("seal.tsr: not an RFC 3161 time-stamp response");
    }
}
