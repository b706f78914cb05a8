package io.jenkins.plugins.relgov.signing;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DsseTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void paeMatchesTheSpecExample() {
        // protocol.md of secure-systems-lab/dsse
        assertThat(new String(
                        Dsse.pae("http://example.com/HelloWorld", "hello world".getBytes(StandardCharsets.UTF_8)),
                        StandardCharsets.UTF_8))
                .isEqualTo("DSSEv1 29 http://example.com/HelloWorld 11 hello world");
        // lengths are byte counts, not characters
        assertThat(new String(Dsse.pae("t", "é".getBytes(StandardCharsets.UTF_8)), StandardCharsets.UTF_8))
                .isEqualTo("DSSEv1 1 t 2 é");
    }

    /**
     * No DSSE verifier is installable here (Debian's securesystemslib 0.26 predates its DSSE module),
     * so openssl checks the envelope over a PAE that the shell builds from the envelope's own fields.
     */
    @ParameterizedTest
    @CsvSource({"ec", "ed25519"})
    void opensslVerifiesTheEnvelopeOverAPaeBuiltByTheShell(String alg) throws Exception {
        OpenSsl.keyPair(dir, alg, false);
        SigningKey key = SigningKey.read(dir.resolve("key.pem"), null);
        var predicate = JSON.createObjectNode().put("tier", "minor");
        var statement = new InTotoStatement(
                List.of(new InTotoStatement.Subject("app.jar", "ab".repeat(32))),
                "https://example.com/predicate/v1",
                predicate);
        Dsse.Envelope env = statement.sign(key);
        var json = JSON.readTree(env.toJson());
        Files.write(
                dir.resolve("payload"),
                Base64.getDecoder().decode(json.get("payload").asText()));
        Files.write(
                dir.resolve("sig.bin"),
                Base64.getDecoder()
                        .decode(json.get("signatures").get(0).get("sig").asText()));
        Files.writeString(dir.resolve("type"), json.get("payloadType").asText());
        OpenSsl.sh(
                dir,
                "printf 'DSSEv1 %d %s %d ' $(wc -c < type) \"$(cat type)\" $(wc -c < payload) > pae && cat payload >> pae");
        String out = alg.equals("ec")
                ? OpenSsl.ok(dir, "openssl", "dgst", "-sha256", "-verify", "pub.pem", "-signature", "sig.bin", "pae")
                : OpenSsl.ok(
                        dir,
                        "openssl",
                        "pkeyutl",
                        "-verify",
                        "-pubin",
                        "-inkey",
                        "pub.pem",
                        "-rawin",
                        "-in",
                        "pae",
                        "-sigfile",
                        "sig.bin");
        assertThat(out).contains("Verified");

        assertThat(json.get("payloadType").asText()).isEqualTo("application/vnd.in-toto+json");
        assertThat(json.get("signatures").get(0).get("keyid").asText())
                .isEqualTo(key.publicKey().fingerprint());
        var st = JSON.readTree(Files.readAllBytes(dir.resolve("payload")));
        assertThat(st.get("_type").asText()).isEqualTo("https://in-toto.io/Statement/v1");
        assertThat(st.get("subject").get(0).get("name").asText()).isEqualTo("app.jar");
        assertThat(st.get("subject").get(0).get("digest").get("sha256").asText())
                .isEqualTo("ab".repeat(32));
        assertThat(st.get("predicateType").asText()).isEqualTo("https://example.com/predicate/v1");

        Dsse.Envelope back = Dsse.Envelope.parse(env.toJson(), "x.intoto.json");
        assertThat(back.verifiedBy(key.publicKey())).isTrue();
        byte[] tampered = back.payload().clone();
        tampered[10] ^= 1;
        assertThat(new Dsse.Envelope(back.payloadType(), tampered, back.signatures()).verifiedBy(key.publicKey()))
                .isFalse();
        assertThat(new Dsse.Envelope("text/plain", back.payload(), back.signatures()).verifiedBy(key.publicKey()))
                .isFalse();
    }

    @Test
    void slsaProvenanceHasTheSpecsFieldNames() {
        var prov = new SlsaProvenance(
                "https://jenkins.io/release-governance/build/v1",
                JSON.createObjectNode().put("version", "v2.4.0"),
                null,
                List.of(new InTotoStatement.Subject("git+https://example.com/shop@refs/tags/v2.4.0", "cd".repeat(32))),
                "https://jenkins.example.com/",
                "shop/release#42",
                Instant.parse("2026-11-22T10:00:00Z"),
                Instant.parse("2026-11-22T10:05:00Z"));
        var st = prov.statement(List.of(new InTotoStatement.Subject("app.jar", "ab".repeat(32))))
                .toJson();
        assertThat(st.get("predicateType").asText()).isEqualTo("https://slsa.dev/provenance/v1");
        var p = st.get("predicate");
        assertThat(p.get("buildDefinition").get("buildType").asText())
                .isEqualTo("https://jenkins.io/release-governance/build/v1");
        assertThat(p.get("buildDefinition")
                        .get("externalParameters")
                        .get("version")
                        .asText())
                .isEqualTo("v2.4.0");
        assertThat(p.get("buildDefinition")
                        .get("resolvedDependencies")
                        .get(0)
                        .get("digest")
                        .get("sha256")
                        .asText())
                .isEqualTo("cd".repeat(32));
        assertThat(p.get("runDetails").get("builder").get("id").asText()).isEqualTo("https://jenkins.example.com/");
        assertThat(p.get("runDetails").get("metadata").get("invocationId").asText())
                .isEqualTo("shop/release#42");
        assertThat(p.get("runDetails").get("metadata").get("startedOn").asText())
                .isEqualTo("2026-11-22T10:00:00Z");
    }
}
