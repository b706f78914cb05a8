package io.jenkins.plugins.relgov.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.jenkins.plugins.relgov.cli.Processes.Run;
import io.jenkins.plugins.relgov.signing.FileBlocks;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The distribution's class-data sharing archive (lib/relgov.jsa): bin/relgov starts with it wherever the distribution
 * is unpacked, it changes no output, and a missing, foreign or stale archive is skipped without a word.
 */
class ClassDataArchiveIT {
    @TempDir
    static Path dir;

    static Path shipped;

    @BeforeAll
    static void unpack() throws Exception {
        shipped = unpacked("shipped");
        Run demo = relgov(shipped, "demo", "--out", dir.resolve("demo").toString());
        assertThat(demo.exit()).as(demo.err()).isZero();
        // an Ed25519 key: its signatures are deterministic, so two runs must write the same bytes
        assertThat(Processes.run(
                                dir,
                                Map.of(),
                                "sh",
                                "-c",
                                "cd '" + dir + "' && openssl genpkey -algorithm ed25519 -out ed.pem")
                        .exit())
                .isZero();
        Files.write(dir.resolve("artifact.bin"), new byte[3 << 20]);
    }

    /** The distribution unpacked into its own folder under {@link #dir}. */
    private static Path unpacked(String name) throws Exception {
        Path into = Files.createDirectories(dir.resolve(name));
        assertThat(Processes.run(
                                dir,
                                Map.of(),
                                "tar",
                                "-xzf",
                                Path.of("target/relgov.tar.gz").toAbsolutePath().toString(),
                                "-C",
                                into.toString())
                        .exit())
                .isZero();
        return into.resolve("relgov");
    }

    private static Run relgov(Path distribution, String... args) throws Exception {
        return relgov(distribution, Map.of(), args);
    }

    private static Run relgov(Path distribution, Map<String, String> env, String... args) throws Exception {
        var command = new java.util.ArrayList<String>(
                List.of(distribution.resolve("bin/relgov").toString()));
        command.addAll(List.of(args));
        return Processes.run(dir, env, command.toArray(String[]::new));
    }

    @Test
    void aCommandLoadsItsClassesFromTheArchive() throws Exception {
        Path log = dir.resolve("classes.log");
        Run run = relgov(
                shipped,
                Map.of("JAVA_OPTS", "-Xlog:class+load=info:file=" + log),
                "verify",
                dir.resolve("demo/payments-api-v2.0.0-evidence.zip").toString(),
                "--key",
                dir.resolve("demo/signing-key.pub.pem").toString());
        assertThat(run.exit()).as(run.err()).isZero();
        List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
        assertThat(lines)
                .anyMatch(l -> l.contains("io.jenkins.plugins.relgov.cli.VerifyCommand source: shared objects file"))
                .anyMatch(l -> l.contains("picocli.CommandLine source: shared objects file"));
    }

    /**
     * Every class these commands need comes from the archive, so the JVM never searches relgov.jar: not for a class
     * the training did not load (a file past the read-ahead threshold takes a path of its own), nor for picocli's
     * lookup of Groovy, which Relgov.main switches off. The JDK's class-path debug output names each search of the jar
     * and its opening; a shipped policy, read from the jar, shows that this JDK prints it at all.
     */
    @Test
    void theCommandsNeverSearchTheJar() throws Exception {
        Map<String, String> debug = Map.of("JAVA_OPTS", "-Dsun.misc.URLClassPath.debug=true");
        Run shippedPolicy = relgov(shipped, debug, "policy", "show", "inopsio");
        assumeTrue(
                shippedPolicy.err().contains("Opening "),
                "this JDK prints no class-path debug output (sun.misc.URLClassPath.debug)");
        Path large = dir.resolve("large.bin");
        try (RandomAccessFile f = new RandomAccessFile(large.toFile(), "rw")) {
            f.setLength(FileBlocks.READ_AHEAD_ABOVE + 1);
        }
        assertThat(Processes.run(
                                dir,
                                Map.of(),
                                "sh",
                                "-c",
                                "cd '" + dir + "' && openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256"
                                        + " -out ec.pem 2> /dev/null")
                        .exit())
                .isZero();
        List<List<String>> commands = List.of(
                List.of("--help"),
                List.of("sign", "--key", dir.resolve("ec.pem").toString(), large.toString()),
                List.of(
                        "verify",
                        dir.resolve("demo/payments-api-v2.0.0-evidence.zip").toString(),
                        "--key",
                        dir.resolve("demo/signing-key.pub.pem").toString()));
        for (List<String> args : commands) {
            Run run = relgov(shipped, debug, args.toArray(String[]::new));
            assertThat(run.exit()).as(run.err()).isZero();
            assertThat(run.err()).as(String.join(" ", args)).isEmpty();
        }
    }

    /**
     * {@code sign} and {@code verify} are declared without annotations (SignCommand says why): for each annotation type
     * picocli reads, the JVM generates a proxy class, which no archive of this JDK can hold. The class-load log names
     * each, with {@code __dynamic_proxy__} as its source; an annotated command ({@code policy show}) shows it does.
     * (verify of a bundle with approvals makes some for Jackson's annotations, when it reads the approval log.)
     */
    @Test
    void signAndVerifyReadNoAnnotations() throws Exception {
        Map<List<String>, Integer> commands = Map.of(
                List.of("policy", "show", "inopsio"), 0,
                List.of(
                                "sign",
                                "--key",
                                dir.resolve("ed.pem").toString(),
                                dir.resolve("artifact.bin").toString()),
                        0,
                List.of("sign", "--help"), 0,
                List.of("verify", "--version"), 0,
                List.of("verify", dir.resolve("no-such-bundle.zip").toString()), VerifyCommand.UNUSABLE);
        for (Map.Entry<List<String>, Integer> command : commands.entrySet()) {
            List<String> args = command.getKey();
            Path log = dir.resolve("proxies.log");
            Run run = relgov(
                    shipped, Map.of("JAVA_OPTS", "-Xlog:class+load=info:file=" + log), args.toArray(String[]::new));
            assertThat(run.exit()).as(run.err()).isEqualTo(command.getValue());
            List<String> proxies = Files.readAllLines(log, StandardCharsets.UTF_8).stream()
                    .filter(l -> l.contains("source: __dynamic_proxy__"))
                    .toList();
            if (args.get(0).equals("policy")) {
                assertThat(proxies).as("an annotated command's proxies").isNotEmpty();
            } else {
                assertThat(proxies).as(String.join(" ", args)).isEmpty();
            }
        }
    }

    @Test
    void theArchiveChangesNoOutput() throws Exception {
        Path without = unpacked("without-archive");
        Files.delete(without.resolve("lib/relgov.jsa"));
        String bundle = dir.resolve("demo/payments-api-v2.0.0-evidence.zip").toString();
        String tampered =
                dir.resolve("demo/tampered-payments-api-v2.0.0-evidence.zip").toString();
        String pub = dir.resolve("demo/signing-key.pub.pem").toString();
        List<List<String>> commands = List.of(
                List.of("verify", bundle, "--key", pub, "--policy", "inopsio"),
                List.of("verify", bundle, "--json"),
                List.of("verify", tampered, "--key", pub),
                List.of("policy", "show", "inopsio"),
                List.of("--help"),
                List.of("sign", "--help"),
                List.of("no-such-command"));
        for (List<String> args : commands) {
            Run with = relgov(shipped, args.toArray(String[]::new));
            Run plain = relgov(without, args.toArray(String[]::new));
            assertThat(with).as(String.join(" ", args)).isEqualTo(plain);
        }
        String artifact = dir.resolve("artifact.bin").toString();
        String key = dir.resolve("ed.pem").toString();
        Run signed = relgov(shipped, "sign", "--key", key, "--bundle", artifact);
        byte[] sig = Files.readAllBytes(dir.resolve("artifact.bin.sig"));
        byte[] bundleJson = Files.readAllBytes(dir.resolve("artifact.bin.sigstore.json"));
        Run again = relgov(without, "sign", "--key", key, "--bundle", artifact);
        assertThat(signed.exit()).as(signed.err()).isZero();
        assertThat(again).isEqualTo(signed);
        assertThat(Files.readAllBytes(dir.resolve("artifact.bin.sig"))).isEqualTo(sig);
        assertThat(Files.readAllBytes(dir.resolve("artifact.bin.sigstore.json")))
                .isEqualTo(bundleJson);
    }

    @Test
    void aMissingForeignOrStaleArchiveIsSkippedWithoutAWord() throws Exception {
        Path missing = unpacked("missing");
        Files.delete(missing.resolve("lib/relgov.jsa"));
        Path garbage = unpacked("garbage");
        replace(garbage.resolve("lib/relgov.jsa"), "not an archive".getBytes(StandardCharsets.US_ASCII));
        Path otherJdk = unpacked("other-jdk");
        Path archive = otherJdk.resolve("lib/relgov.jsa");
        replace(archive, asIfMadeByAnotherJvm(Files.readAllBytes(archive)));
        Path otherJar = unpacked("other-jar");
        Files.setLastModifiedTime(otherJar.resolve("lib/relgov.jar"), FileTime.fromMillis(System.currentTimeMillis()));

        for (Path distribution : List.of(missing, garbage, otherJdk, otherJar)) {
            Run version = relgov(distribution, "--version");
            assertThat(version).as(distribution.toString()).isEqualTo(new Run(0, "relgov 0.1.0\n", ""));
            Run verify = relgov(
                    distribution,
                    "verify",
                    dir.resolve("demo/payments-api-v2.0.0-evidence.zip").toString(),
                    "--key",
                    dir.resolve("demo/signing-key.pub.pem").toString());
            assertThat(verify.exit()).as(verify.err()).isZero();
            assertThat(verify.err()).isEmpty();
        }
    }

    private static void replace(Path file, byte[] content) throws Exception {
        Files.delete(file); // the archive is read-only
        Files.write(file, content);
    }

    /** The archive as a different JDK build would find it: the JVM identity in its header names another version. */
    private static byte[] asIfMadeByAnotherJvm(byte[] archive) {
        String vm = System.getProperty("java.vm.version");
        byte[] ident = ("(" + vm + ")").getBytes(StandardCharsets.US_ASCII);
        int at = indexOf(archive, ident, 4096);
        assertThat(at).as("the JVM identity " + vm + " in the archive's header").isNotNegative();
        archive[at + 1] = (byte) (archive[at + 1] == '9' ? '8' : '9');
        return archive;
    }

    private static int indexOf(byte[] haystack, byte[] needle, int within) {
        for (int i = 0; i + needle.length <= Math.min(within, haystack.length); i++) {
            if (java.util.Arrays.equals(haystack, i, i + needle.length, needle, 0, needle.length)) {
                return i;
            }
        }
        return -1;
    }
}
