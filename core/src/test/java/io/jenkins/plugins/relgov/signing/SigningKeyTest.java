package io.jenkins.plugins.relgov.signing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Our keys and blob signatures against the real openssl, in both directions. */
class SigningKeyTest {
    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0}, encrypted={1}")
    @CsvSource({"ec,false", "ec,true", "ed25519,false", "ed25519,true"})
    void opensslVerifiesWhatWeSign(String alg, boolean encrypted) throws Exception {
        OpenSsl.keyPair(dir, alg, encrypted);
        Path file = dir.resolve("app.jar");
        Files.write(file, "release artefact\n".repeat(1000).getBytes(StandardCharsets.UTF_8));

        SigningKey key = SigningKey.read(dir.resolve("key.pem"), encrypted ? "secret".toCharArray() : null);
        Path sig = BlobSignature.signFile(key, file);

        assertThat(sig.getFileName().toString()).isEqualTo("app.jar.sig");
        String text = Files.readString(sig);
        assertThat(text).doesNotContain("\n").matches("[A-Za-z0-9+/=]+"); // cosign: plain base64, no newline
        Files.write(dir.resolve("sig.bin"), Base64.getDecoder().decode(text));
        String out = alg.equals("ec")
                ? OpenSsl.ok(
                        dir, "openssl", "dgst", "-sha256", "-verify", "pub.pem", "-signature", "sig.bin", "app.jar")
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
                        "app.jar",
                        "-sigfile",
                        "sig.bin");
        assertThat(out).contains("Verified");

        // the public half we derived from the private key is the one openssl derived
        assertThat(key.publicKey().fingerprint())
                .isEqualTo(VerificationKey.read(dir.resolve("pub.pem")).fingerprint());
        assertThat(key.publicKey().fingerprint())
                .isEqualTo(OpenSsl.sh(dir, "openssl pkey -pubin -in pub.pem -outform DER | sha256sum | cut -d' ' -f1")
                        .strip());
        // and openssl refuses the signature over other bytes
        Files.writeString(file, "tampered");
        assertThat(
                        alg.equals("ec")
                                ? OpenSsl.run(
                                                dir,
                                                "openssl",
                                                "dgst",
                                                "-sha256",
                                                "-verify",
                                                "pub.pem",
                                                "-signature",
                                                "sig.bin",
                                                "app.jar")
                                        .exit()
                                : OpenSsl.run(
                                                dir,
                                                "openssl",
                                                "pkeyutl",
                                                "-verify",
                                                "-pubin",
                                                "-inkey",
                                                "pub.pem",
                                                "-rawin",
                                                "-in",
                                                "app.jar",
                                                "-sigfile",
                                                "sig.bin")
                                        .exit())
                .isNotZero();
    }

    @ParameterizedTest
    @CsvSource({"ec", "ed25519"})
    void weVerifyWhatOpensslSigns(String alg) throws Exception {
        OpenSsl.keyPair(dir, alg, false);
        Files.writeString(dir.resolve("report.xml"), "<testsuite tests=\"3\"/>\n");
        if (alg.equals("ec")) {
            OpenSsl.ok(dir, "openssl", "dgst", "-sha256", "-sign", "key.pem", "-out", "sig.bin", "report.xml");
        } else {
            OpenSsl.ok(
                    dir,
                    "openssl",
                    "pkeyutl",
                    "-sign",
                    "-inkey",
                    "key.pem",
                    "-rawin",
                    "-in",
                    "report.xml",
                    "-out",
                    "sig.bin");
        }
        VerificationKey pub = VerificationKey.read(dir.resolve("pub.pem"));
        byte[] message = Files.readAllBytes(dir.resolve("report.xml"));
        byte[] sig = Files.readAllBytes(dir.resolve("sig.bin"));
        String cosignText = Base64.getEncoder().encodeToString(sig) + "\n";

        assertThat(pub.verify(message, BlobSignature.decode(cosignText, "report.xml.sig")))
                .isTrue();
        message[0] ^= 1;
        assertThat(pub.verify(message, sig)).isFalse();
        if (alg.equals("ec")) {
            // an ECDSA signature is checkable from the SHA-256 alone (how bundles verify big artifacts)
            byte[] digest = java.security.MessageDigest.getInstance("SHA-256")
                    .digest(Files.readAllBytes(dir.resolve("report.xml")));
            assertThat(pub.verifyDigest(digest, sig)).isTrue();
        }
    }

    @Test
    void wrongOrMissingPasswordIsAClearErrorWithoutSecrets() throws Exception {
        OpenSsl.keyPair(dir, "ec", true);
        Path key = dir.resolve("key.pem");
        assertThatThrownBy(() -> SigningKey.read(key, "wrong-password".toCharArray()))
                .isInstanceOf(SigningException.class)
                .hasMessageContaining("key.pem")
                .hasMessageContaining("wrong password")
                .hasMessageNotContaining("wrong-password");
        assertThatThrownBy(() -> SigningKey.read(key, null)).hasMessageContaining("encrypted; a password is required");
    }

    @Test
    void unsupportedKeysAreNamed() throws Exception {
        OpenSsl.sh(
                dir,
                "openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out rsa.pem 2>/dev/null"
                        + " && openssl ecparam -name prime256v1 -genkey -noout -out sec1.pem"
                        + " && openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-384 -out p384.pem");
        assertThatThrownBy(() -> SigningKey.read(dir.resolve("rsa.pem"), null))
                .hasMessageContaining("rsa.pem: not an ECDSA P-256 or Ed25519");
        assertThatThrownBy(() -> SigningKey.read(dir.resolve("sec1.pem"), null))
                .hasMessageContaining("openssl pkcs8 -topk8");
        assertThatThrownBy(() -> SigningKey.read(dir.resolve("p384.pem"), null)).hasMessageContaining("P-256");
        Files.writeString(dir.resolve("junk.pem"), "hello");
        assertThatThrownBy(() -> VerificationKey.read(dir.resolve("junk.pem")))
                .hasMessageContaining("junk.pem: no PEM block");
    }

    /**
     * A key file carrying another key's public point (openssl's own check calls it invalid) is refused before anything
     * is signed: every signature would be recorded under a key that cannot verify it.
     */
    @Test
    void aKeyWhosePublicHalfIsAnotherKeysIsRefused() throws Exception {
        Path mine = Files.createDirectory(dir.resolve("mine"));
        Path other = Files.createDirectory(dir.resolve("other"));
        OpenSsl.keyPair(mine, "ec", false);
        OpenSsl.keyPair(other, "ec", false);
        // openssl genpkey ends the PKCS#8 with the public point: its last 64 bytes are X and Y
        byte[] der = pkcs8(mine.resolve("key.pem"));
        byte[] otherDer = pkcs8(other.resolve("key.pem"));
        System.arraycopy(otherDer, otherDer.length - 64, der, der.length - 64, 64);
        Path spliced = Files.writeString(dir.resolve("spliced.pem"), Pem.encode("PRIVATE KEY", der));
        assertThat(OpenSsl.run(dir, "openssl", "pkey", "-in", "spliced.pem", "-check", "-noout")
                        .exit())
                .isNotZero();

        assertThatThrownBy(() -> SigningKey.read(spliced, null))
                .isInstanceOf(SigningException.class)
                .hasMessageContaining("spliced.pem: the EC public key in the file does not belong to its private key");
        assertThat(SigningKey.read(mine.resolve("key.pem"), null).publicKey().fingerprint())
                .isEqualTo(VerificationKey.read(mine.resolve("pub.pem")).fingerprint());
    }

    private static byte[] pkcs8(Path pem) throws Exception {
        return Pem.decode(Files.readString(pem), pem.toString()).der();
    }

    @Test
    void aProblemInANamedSourceKeepsItsPlaceApartFromWhatIsWrong() {
        assertThatThrownBy(() -> BlobSignature.decode("%%%", "seal.json.sig"))
                .isInstanceOfSatisfying(SigningException.class, e -> {
                    assertThat(e).hasMessage("seal.json.sig: not a base64 signature");
                    assertThat(e.where()).isEqualTo("seal.json.sig");
                    assertThat(e.what()).isEqualTo("not a base64 signature");
                });
        // a problem that names no place has none: its message is all there is
        VerificationKey ed = SigningKey.generate(KeyAlgorithm.ED25519).publicKey();
        assertThatThrownBy(() -> ed.verifyDigest(new byte[32], new byte[64]))
                .isInstanceOfSatisfying(SigningException.class, e -> {
                    assertThat(e.where()).isNull();
                    assertThat(e.what())
                            .isEqualTo(e.getMessage())
                            .isEqualTo("Ed25519 signatures can only be verified over the message itself");
                });
    }

    @ParameterizedTest
    @CsvSource({"ECDSA_P256", "ED25519"})
    void generatedKeysSignWhatOpensslVerifiesWithTheirPublicPem(KeyAlgorithm alg) throws Exception {
        SigningKey key = SigningKey.generate(alg);
        Files.writeString(dir.resolve("pub.pem"), key.publicKey().toPem());
        Files.writeString(dir.resolve("m.txt"), "demo release");
        Files.write(dir.resolve("sig.bin"), key.sign(Files.readAllBytes(dir.resolve("m.txt"))));
        String out = alg == KeyAlgorithm.ECDSA_P256
                ? OpenSsl.ok(dir, "openssl", "dgst", "-sha256", "-verify", "pub.pem", "-signature", "sig.bin", "m.txt")
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
                        "m.txt",
                        "-sigfile",
                        "sig.bin");
        assertThat(out).contains("Verified");
    }

    /**
     * The one-pass file signature (the file read once on the fast path; ECDSA signs its SHA-256, Ed25519 the whole
     * message): openssl verifies it over the file, for a small file (one heap read), one past the 1 MiB where reading
     * switches to a direct buffer, and one past the 16 MiB where a second thread reads ahead; and the SHA-256 and
     * size it reports are the file's.
     */
    @ParameterizedTest(name = "{0}, {1} bytes")
    @CsvSource({"ec,0", "ec,1000", "ec,3145733", "ec,17825795", "ed25519,1000", "ed25519,3145733", "ed25519,17825795"})
    void aFileSignedInOnePassVerifiesWithOpenssl(String alg, int size) throws Exception {
        OpenSsl.keyPair(dir, alg, false);
        byte[] content = new byte[size];
        new java.util.Random(size).nextBytes(content);
        Path file = Files.write(dir.resolve("app.bin"), content);

        SigningKey.FileSignature signed =
                SigningKey.read(dir.resolve("key.pem"), null).sign(file);

        assertThat(signed.size()).isEqualTo(size);
        assertThat(java.util.HexFormat.of().formatHex(signed.sha256()))
                .isEqualTo(OpenSsl.sh(dir, "sha256sum app.bin | cut -d' ' -f1").strip());
        Files.write(dir.resolve("sig.bin"), signed.signature());
        String verify = alg.equals("ec")
                ? "openssl dgst -sha256 -verify pub.pem -signature sig.bin app.bin"
                : "openssl pkeyutl -verify -pubin -inkey pub.pem -rawin -in app.bin -sigfile sig.bin";
        assertThat(OpenSsl.sh(dir, verify)).contains("Verified");
        if (size > 0) {
            content[size / 2] ^= 1;
            Files.write(file, content);
            assertThat(OpenSsl.run(dir, "sh", "-c", verify).exit()).isNotZero();
        }
    }

    /** ECDSA over a digest computed elsewhere is SHA256withECDSA over the message; Ed25519 has no such form. */
    @Test
    void aDigestSignatureIsTheMessageSignature() throws Exception {
        OpenSsl.keyPair(dir, "ec", false);
        SigningKey key = SigningKey.read(dir.resolve("key.pem"), null);
        byte[] message = "release v2.4.0\n".getBytes(StandardCharsets.UTF_8);

        assertThat(opensslOnItsDigestSigned(message, key::signDigest)).contains("Verified");
        assertThat(key.publicKey().verify(message, Files.readAllBytes(dir.resolve("sig.bin"))))
                .isTrue();
        assertThatThrownBy(() -> key.signDigest(new byte[20])).hasMessageContaining("32 bytes");
        assertThatThrownBy(() -> SigningKey.generate(KeyAlgorithm.ED25519).signDigest(new byte[32]))
                .isInstanceOf(SigningException.class)
                .hasMessageContaining("whole message");
    }

    /** One digest signer signs digest after digest (a refused digest included), each verifying with openssl. */
    @Test
    void oneDigestSignerSignsDigestAfterDigest() throws Exception {
        OpenSsl.keyPair(dir, "ec", false);
        SigningKey.DigestSigner signer =
                SigningKey.read(dir.resolve("key.pem"), null).digestSigner();
        for (String text : List.of("first\n", "second\n")) {
            assertThat(opensslOnItsDigestSigned(text.getBytes(StandardCharsets.UTF_8), signer::sign))
                    .contains("Verified");
            assertThatThrownBy(() -> signer.sign(new byte[31])).hasMessageContaining("32 bytes");
        }
    }

    /** What {@code openssl dgst -sha256 -verify pub.pem} says of the message signed by signing its SHA-256. */
    private String opensslOnItsDigestSigned(byte[] message, java.util.function.UnaryOperator<byte[]> signDigest)
            throws Exception {
        Files.write(dir.resolve("m.txt"), message);
        Files.write(
                dir.resolve("sig.bin"),
                signDigest.apply(
                        java.security.MessageDigest.getInstance("SHA-256").digest(message)));
        return OpenSsl.ok(dir, "openssl", "dgst", "-sha256", "-verify", "pub.pem", "-signature", "sig.bin", "m.txt");
    }

    @Test
    void toStringNeverShowsTheSecret() throws Exception {
        OpenSsl.keyPair(dir, "ed25519", false);
        assertThat(SigningKey.read(dir.resolve("key.pem"), null).toString())
                .startsWith("SigningKey[ED25519, ")
                .doesNotContain("PRIVATE");
    }
}
