package io.jenkins.plugins.relgov.signing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Our key-based Sigstore bundles, checked by sigstore-js (an independent implementation) with our public key. */
class SigstoreBundleTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private SigningKey ecKey() throws Exception {
        OpenSsl.keyPair(dir, "ec", false);
        return SigningKey.read(dir.resolve("key.pem"), null);
    }

    private Path blobBundle(SigningKey key, Path artifact) throws Exception {
        byte[] data = Files.readAllBytes(artifact);
        var bundle = SigstoreBundle.ofBlob(
                key.publicKey().fingerprint(),
                MessageDigest.getInstance("SHA-256").digest(data),
                key.sign(data));
        return Files.writeString(dir.resolve(artifact.getFileName() + SigstoreBundle.SUFFIX), bundle.toJson());
    }

    @Test
    void sigstoreJsVerifiesABlobBundleWithOurPublicKeyOffline() throws Exception {
        SigningKey key = ecKey();
        Path jar = Files.writeString(dir.resolve("app.jar"), "the artifact");
        Path bundle = blobBundle(key, jar);
        assertThat(SigstoreJs.verify(bundle, dir.resolve("pub.pem"), jar).out())
                .isEqualToIgnoringWhitespace("verified");

        Path changed = Files.writeString(dir.resolve("changed.jar"), "the artifact, changed");
        assertThat(SigstoreJs.verify(bundle, dir.resolve("pub.pem"), changed).verified())
                .isFalse();
        OpenSsl.sh(
                dir,
                "openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out other.pem && openssl pkey -in other.pem -pubout -out other.pub.pem");
        var wrongKey = SigstoreJs.verify(bundle, dir.resolve("other.pub.pem"), jar);
        assertThat(wrongKey.verified()).isFalse();
        assertThat(wrongKey.out()).contains("key not found"); // the hint names our key, not theirs
    }

    @Test
    void theBundleIsKeyBasedV03AndOpensslVerifiesItsSignature() throws Exception {
        SigningKey key = ecKey();
        Path jar = Files.writeString(dir.resolve("app.jar"), "the artifact");
        var json = JSON.readTree(Files.readString(blobBundle(key, jar)));
        assertThat(json.get("mediaType").asText()).isEqualTo("application/vnd.dev.sigstore.bundle.v0.3+json");
        assertThat(json.at("/verificationMaterial/publicKey/hint").asText())
                .isEqualTo(key.publicKey().fingerprint());
        assertThat(json.at("/verificationMaterial/tlogEntries")).isEmpty();
        assertThat(json.at("/verificationMaterial/x509CertificateChain").isMissingNode())
                .isTrue();
        assertThat(json.at("/messageSignature/messageDigest/algorithm").asText())
                .isEqualTo("SHA2_256");
        // the bundle's signature and the .sig file verify alike: openssl checks the one from the bundle
        Files.write(
                dir.resolve("from-bundle.der"),
                java.util.Base64.getDecoder()
                        .decode(json.at("/messageSignature/signature").asText()));
        assertThat(OpenSsl.ok(
                        dir,
                        "openssl",
                        "dgst",
                        "-sha256",
                        "-verify",
                        "pub.pem",
                        "-signature",
                        "from-bundle.der",
                        "app.jar"))
                .contains("Verified OK");
    }

    @ParameterizedTest
    @CsvSource({"ec", "ed25519"})
    void sigstoreJsVerifiesTheDsseBundleOfAnAttestation(String alg) throws Exception {
        OpenSsl.keyPair(dir, alg, false);
        SigningKey key = SigningKey.read(dir.resolve("key.pem"), null);
        Dsse.Envelope env = new InTotoStatement(
                        List.of(new InTotoStatement.Subject("app.jar", "ab".repeat(32))),
                        "https://example.com/predicate/v1",
                        JSON.createObjectNode().put("tier", "minor"))
                .sign(key);
        Path bundle = Files.writeString(
                dir.resolve("att.sigstore.json"),
                SigstoreBundle.ofEnvelope(key.publicKey().fingerprint(), env).toJson());
        assertThat(SigstoreJs.verify(bundle, dir.resolve("pub.pem"), null).out())
                .isEqualToIgnoringWhitespace("verified");

        // a payload changed after signing
        ObjectNode tampered = (ObjectNode) JSON.readTree(Files.readString(bundle));
        ((ObjectNode) tampered.get("dsseEnvelope"))
                .put("payload", java.util.Base64.getEncoder().encodeToString("{\"_type\":\"x\"}".getBytes()));
        Path bad = Files.writeString(dir.resolve("bad.sigstore.json"), tampered.toString());
        assertThat(SigstoreJs.verify(bad, dir.resolve("pub.pem"), null).verified())
                .isFalse();
    }

    @Test
    void parsingReadsBackWhatWasWrittenAndRefusesOtherShapes() throws Exception {
        SigningKey key = ecKey();
        var blob = SigstoreBundle.ofBlob("fp", new byte[32], key.sign(new byte[] {1}))
                .withTimestamp(new byte[] {9, 9});
        assertThat(SigstoreBundle.parse(blob.toJson(), "b")).isEqualTo(blob);
        assertThat(SigstoreBundle.parse(blob.toJson(), "b").timestamps()).hasSize(1);

        ObjectNode withTlog = (ObjectNode) JSON.readTree(blob.toJson());
        ((ObjectNode) withTlog.get("verificationMaterial"))
                .putArray("tlogEntries")
                .addObject()
                .put("logIndex", "1");
        assertThatThrownBy(() -> SigstoreBundle.parse(withTlog.toString(), "b.json"))
                .hasMessage("b.json: verificationMaterial.tlogEntries must be an empty array (no transparency log)");
        ObjectNode v01 = (ObjectNode) JSON.readTree(blob.toJson()).deepCopy();
        v01.put("mediaType", "application/vnd.dev.sigstore.bundle+json;version=0.1");
        assertThatThrownBy(() -> SigstoreBundle.parse(v01.toString(), "b.json"))
                .hasMessageContaining("mediaType is not application/vnd.dev.sigstore.bundle.v0.3+json");
        ObjectNode cert = (ObjectNode) JSON.readTree(blob.toJson());
        ((ObjectNode) cert.get("verificationMaterial")).remove("publicKey");
        ((ObjectNode) cert.get("verificationMaterial")).putObject("certificate").put("rawBytes", "AAAA");
        assertThatThrownBy(() -> SigstoreBundle.parse(cert.toString(), "b.json"))
                .hasMessageContaining("publicKey.hint is missing");
        assertThatThrownBy(() -> SigstoreBundle.parse("[1]", "b.json")).hasMessage("b.json: not a JSON object");
        ObjectNode badB64 = (ObjectNode) JSON.readTree(blob.toJson());
        ((ObjectNode) badB64.get("messageSignature")).put("signature", "%%%");
        assertThatThrownBy(() -> SigstoreBundle.parse(badB64.toString(), "b.json"))
                .hasMessage("b.json: field 'signature' is not base64");
    }
}
