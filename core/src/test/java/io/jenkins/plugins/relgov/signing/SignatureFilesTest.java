package io.jenkins.plugins.relgov.signing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Review attacks on {@code relgov sign}: it wrote through an existing {@code FILE.sig} symlink (overwriting the
 * link's target) and, when a later file was missing, left the earlier signatures written.
 */
class SignatureFilesTest {
    @TempDir
    Path dir;

    private SigningKey key;
    private Path a;
    private Path b;

    @BeforeEach
    void files() throws Exception {
        OpenSsl.keyPair(dir, "ed25519", false);
        key = SigningKey.read(dir.resolve("key.pem"), null);
        a = Files.writeString(dir.resolve("a.txt"), "one\n");
        b = Files.writeString(dir.resolve("b.txt"), "two\n");
    }

    private boolean verifies(Path file) throws IOException {
        return key.publicKey()
                .verify(
                        Files.readAllBytes(file),
                        BlobSignature.decode(Files.readString(SignatureFiles.of(file)), "sig"));
    }

    private List<String> leftovers() throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString())
                    .filter(n -> n.endsWith(".tmp"))
                    .toList();
        }
    }

    @Test
    void anExistingSigLinkIsReplacedNeverFollowed() throws Exception {
        Path victim = Files.writeString(dir.resolve("victim.conf"), "precious");
        Files.createSymbolicLink(dir.resolve("a.txt.sig"), victim);
        Path dangling = Files.createSymbolicLink(dir.resolve("b.txt.sig"), dir.resolve("created-through-link"));

        assertThat(SignatureFiles.signAll(key, List.of(a, b))).containsExactly(dir.resolve("a.txt.sig"), dangling);

        assertThat(Files.readString(victim)).isEqualTo("precious");
        assertThat(dir.resolve("created-through-link")).doesNotExist();
        assertThat(Files.isSymbolicLink(dir.resolve("a.txt.sig"))).isFalse();
        assertThat(Files.isRegularFile(dangling, LinkOption.NOFOLLOW_LINKS)).isTrue();
        assertThat(verifies(a)).isTrue();
        assertThat(verifies(b)).isTrue();
        assertThat(leftovers()).isEmpty();
    }

    @Test
    void aMissingLaterFileWritesNoSignatureAtAll() throws Exception {
        Files.writeString(dir.resolve("a.txt.sig"), "old");
        Path missing = dir.resolve("missing.txt");
        assertThatThrownBy(() -> SignatureFiles.signAll(key, List.of(a, b, missing)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(missing + ": no such file");
        assertThat(Files.readString(dir.resolve("a.txt.sig"))).isEqualTo("old");
        assertThat(dir.resolve("b.txt.sig")).doesNotExist();
        assertThat(leftovers()).isEmpty();
    }

    @Test
    void unusableInputsAreRefusedBeforeAnythingIsWritten() throws Exception {
        Path folder = Files.createDirectory(dir.resolve("folder"));
        assertThatThrownBy(() -> SignatureFiles.signAll(key, List.of(a, folder)))
                .hasMessage(folder + ": not a regular file (it is a directory)");
        Files.createDirectory(dir.resolve("b.txt.sig"));
        assertThatThrownBy(() -> SignatureFiles.signAll(key, List.of(a, b)))
                .hasMessageContaining("b.txt.sig exists and is not a file");
        Files.delete(dir.resolve("b.txt.sig"));
        Files.write(dir.resolve("b.txt.sig"), new byte[100_000]);
        assertThatThrownBy(() -> SignatureFiles.signAll(key, List.of(a, b)))
                .hasMessageContaining("too large to be a signature");
        assertThatThrownBy(() -> SignatureFiles.signAll(key, List.of(a, dir.resolve("a.txt.sig"))))
                .hasMessageContaining("is both a file to sign and the signature of");
        assertThat(dir.resolve("a.txt.sig")).doesNotExist();
        assertThat(leftovers()).isEmpty();
    }

    @Test
    void whenARenameFailsTheSignaturesAlreadyReplacedArePutBack() throws Exception {
        Path victim = Files.writeString(dir.resolve("victim.conf"), "precious");
        Files.writeString(dir.resolve("a.txt.sig"), "old-a");
        Files.createSymbolicLink(dir.resolve("b.txt.sig"), victim);
        Path c = Files.writeString(dir.resolve("c.txt"), "three\n");
        AtomicInteger renames = new AtomicInteger();
        SignatureFiles.Rename failsOnTheThird = (from, to) -> {
            if (renames.incrementAndGet() == 3) {
                throw new IOException("disk on fire");
            }
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
        };
        assertThatThrownBy(() -> SignatureFiles.signAll(key, List.of(a, b, c), failsOnTheThird))
                .isInstanceOf(IOException.class)
                .hasMessage("cannot write " + dir.resolve("c.txt.sig") + " (disk on fire); no signature was changed");
        assertThat(Files.readString(dir.resolve("a.txt.sig"))).isEqualTo("old-a");
        assertThat(Files.readSymbolicLink(dir.resolve("b.txt.sig"))).isEqualTo(victim);
        assertThat(Files.readString(victim)).isEqualTo("precious");
        assertThat(dir.resolve("c.txt.sig")).doesNotExist();
        assertThat(leftovers()).isEmpty();
    }

    @Test
    void theSameFileTwiceIsSignedOnce() throws Exception {
        assertThat(SignatureFiles.signAll(key, List.of(a, dir.resolve(".").resolve("a.txt"))))
                .hasSize(1);
        assertThat(new String(Files.readAllBytes(dir.resolve("a.txt.sig")), StandardCharsets.US_ASCII))
                .doesNotContain("\n");
        assertThat(verifies(a)).isTrue();
    }

    /**
     * relgov sign reads the files while the key loads: the key is asked for once, every signature (ECDSA over the
     * digest read meanwhile, Ed25519 over the file read again) verifies with openssl, and so does the bundle's digest.
     */
    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"ec", "ed25519"})
    void filesReadWhileTheKeyLoadsAreSignedWithIt(String alg) throws Exception {
        Path keys = Files.createDirectory(dir.resolve("keys"));
        OpenSsl.keyPair(keys, alg, false);
        byte[] large = new byte[(2 << 20) + 7];
        new java.util.Random(7).nextBytes(large);
        Path big = Files.write(dir.resolve("big.bin"), large);
        AtomicInteger loads = new AtomicInteger();

        List<Path> written = SignatureFiles.signAll(
                () -> {
                    loads.incrementAndGet();
                    return SigningKey.read(keys.resolve("key.pem"), null);
                },
                List.of(a, big, b),
                true);

        assertThat(loads).hasValue(1);
        assertThat(written)
                .containsExactly(
                        SignatureFiles.of(a),
                        SignatureFiles.bundleOf(a),
                        SignatureFiles.of(big),
                        SignatureFiles.bundleOf(big),
                        SignatureFiles.of(b),
                        SignatureFiles.bundleOf(b));
        for (Path f : List.of(a, big, b)) {
            Files.write(dir.resolve("sig.bin"), BlobSignature.decode(Files.readString(SignatureFiles.of(f)), "sig"));
            String verify = alg.equals("ec")
                    ? "openssl dgst -sha256 -verify keys/pub.pem -signature sig.bin " + f.getFileName()
                    : "openssl pkeyutl -verify -pubin -inkey keys/pub.pem -rawin -in " + f.getFileName()
                            + " -sigfile sig.bin";
            assertThat(OpenSsl.sh(dir, verify)).contains("Verified");
            String sha256 = OpenSsl.sh(dir, "sha256sum " + f.getFileName() + " | cut -d' ' -f1")
                    .strip();
            assertThat(Files.readString(SignatureFiles.bundleOf(f)))
                    .contains(java.util.Base64.getEncoder()
                            .encodeToString(java.util.HexFormat.of().parseHex(sha256)));
        }
    }

    @Test
    void aKeyThatCannotBeLoadedWritesNothing() throws Exception {
        assertThatThrownBy(() -> SignatureFiles.signAll(
                        () -> {
                            throw new SigningException("key.pem: cannot decrypt the private key");
                        },
                        List.of(a, b),
                        true))
                .isInstanceOf(SigningException.class)
                .hasMessageContaining("cannot decrypt");
        assertThat(dir.resolve("a.txt.sig")).doesNotExist();
        assertThat(dir.resolve("b.txt.sig")).doesNotExist();
        assertThat(leftovers()).isEmpty();
    }

    /**
     * What the Jenkins agent records: each file's signature with the SHA-256 and size of the very bytes signed (one
     * read), the .sig written as relgov sign writes it, and a planted .sig link replaced, never followed.
     */
    @Test
    void signEachReturnsTheDigestAndSizeOfWhatItSigned() throws Exception {
        Path victim = Files.writeString(dir.resolve("victim.conf"), "precious");
        Files.createSymbolicLink(dir.resolve("b.txt.sig"), victim);

        List<SignatureFiles.Signed> signed =
                SignatureFiles.signEach(() -> key, List.of(a, dir.resolve(".").resolve("b.txt")));

        assertThat(signed).extracting(SignatureFiles.Signed::file).containsExactly(a, b);
        assertThat(signed)
                .extracting(SignatureFiles.Signed::signatureFile)
                .containsExactly(SignatureFiles.of(a), dir.resolve(".").resolve("b.txt.sig"));
        for (SignatureFiles.Signed s : signed) {
            byte[] bytes = Files.readAllBytes(s.file());
            assertThat(s.signature().sha256())
                    .isEqualTo(
                            java.security.MessageDigest.getInstance("SHA-256").digest(bytes));
            assertThat(s.signature().size()).isEqualTo(bytes.length);
            assertThat(Files.readString(s.signatureFile()))
                    .isEqualTo(BlobSignature.encode(s.signature().signature()));
            assertThat(verifies(s.file())).isTrue();
        }
        assertThat(Files.readString(victim)).isEqualTo("precious");
        assertThat(Files.isSymbolicLink(dir.resolve("b.txt.sig"))).isFalse();
        assertThat(leftovers()).isEmpty();
    }
}
