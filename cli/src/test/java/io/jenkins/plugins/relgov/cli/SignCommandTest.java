package io.jenkins.plugins.relgov.cli;

import static io.jenkins.plugins.relgov.cli.AnalyzeCommandTest.relgov;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code relgov sign} checks every input before writing, writes no signature through a link, and is all or nothing. */
class SignCommandTest {
    @TempDir
    Path dir;

    private String key;

    @BeforeEach
    void key() throws Exception {
        Process p = new ProcessBuilder("openssl", "genpkey", "-algorithm", "ed25519", "-out", "key.pem")
                .directory(dir.toFile())
                .redirectErrorStream(true)
                .start();
        assertThat(p.waitFor()).isZero();
        key = dir.resolve("key.pem").toString();
    }

    @Test
    void aSigLinkIsReplacedAndItsTargetLeftAlone() throws Exception {
        Path victim = Files.writeString(dir.resolve("victim.conf"), "precious");
        Path file = Files.writeString(dir.resolve("app.jar"), "jar");
        Files.createSymbolicLink(dir.resolve("app.jar.sig"), victim);
        AnalyzeCommandTest.Run r = relgov("sign", "--key", key, file.toString());
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(Files.readString(victim)).isEqualTo("precious");
        assertThat(Files.isSymbolicLink(dir.resolve("app.jar.sig"))).isFalse();
        assertThat(Files.readString(dir.resolve("app.jar.sig"), StandardCharsets.US_ASCII))
                .matches("[A-Za-z0-9+/=]+");
    }

    @Test
    void aMissingLaterFileLeavesNoSignatureBehind() throws Exception {
        Path first = Files.writeString(dir.resolve("a.txt"), "one");
        Path missing = dir.resolve("b.txt");
        AnalyzeCommandTest.Run r = relgov("sign", "--key", key, first.toString(), missing.toString());
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err().strip()).isEqualTo("relgov sign: " + missing + ": no such file");
        assertThat(dir.resolve("a.txt.sig")).doesNotExist();
        assertThat(r.out()).isEmpty();
    }

    @Test
    void aDirectoryIsNamedAsOne() {
        AnalyzeCommandTest.Run r = relgov("sign", "--key", key, dir.toString());
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err().strip()).isEqualTo("relgov sign: " + dir + ": not a regular file (it is a directory)");
    }

    /** Ed25519 signs the whole message, which the JDK holds in memory: a file too large for the heap is said so. */
    @Test
    void anEd25519MessageTooLargeForTheHeapIsAClearError() throws Exception {
        Path big = dir.resolve("big.bin");
        try (var out = Files.newOutputStream(big)) {
            byte[] block = new byte[1 << 20];
            for (int i = 0; i < 96; i++) {
                out.write(block);
            }
        }
        Path log = dir.resolve("sign.log");
        Process p = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-Xmx48m",
                        "-cp",
                        System.getProperty("java.class.path"),
                        Relgov.class.getName(),
                        "sign",
                        "--key",
                        key,
                        big.toString())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        assertThat(p.waitFor(120, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(Files.readString(log)).isEqualTo(2);
        assertThat(Files.readString(log))
                .startsWith("relgov sign: " + big + ": too large to sign with Ed25519 in this Java's ")
                .contains("sign it with an ECDSA P-256 key")
                .doesNotContain("Exception")
                .doesNotContain("OutOfMemoryError");
        assertThat(dir.resolve("big.bin.sig")).doesNotExist();
    }
}
