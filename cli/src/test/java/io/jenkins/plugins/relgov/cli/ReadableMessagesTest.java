package io.jenkins.plugins.relgov.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * Review: messages a person reads, not the library's. No {@code found VALUE_NULL}, no {@code StreamReadConstraints},
 * no {@code Source: REDACTED}, no {@code file:0:0:}; a directory is named as one; {@code demo --out} onto a file
 * is a sentence, not a stack trace; {@code --help} does not cut a description mid-sentence; "1 test", not "1 tests".
 */
class ReadableMessagesTest {
    private static final Path GENERATED =
            Path.of("../core/src/test/resources/reports/generated").toAbsolutePath();

    @TempDir
    Path dir;

    record Run(int exit, String out, String err) {
        /** Neither a stack trace nor a library's vocabulary. */
        Run readable() {
            assertThat(out + err)
                    .doesNotContain("Exception")
                    .doesNotContain("\tat ")
                    .doesNotContain("VALUE_")
                    .doesNotContain("START_OBJECT")
                    .doesNotContain("StreamReadConstraints")
                    .doesNotContain("REDACTED")
                    .doesNotContain(":0:0:")
                    .doesNotContain("JAXP");
            return this;
        }
    }

    private static Run relgov(CommandLine cli, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = cli.setOut(new PrintWriter(out)).setErr(new PrintWriter(err)).execute(args);
        return new Run(exit, out.toString(), err.toString());
    }

    private static Run relgov(String... args) {
        return relgov(Relgov.commandLine(), args);
    }

    @Test
    void helpListsEachCommandWithAWholeSentence() {
        Run top = relgov("--help").readable();
        assertThat(top.out())
                .contains("and (with --policy) approvals and")
                .containsPattern(
                        "verify +Verifies a release evidence bundle offline: [^\\n]*\\n[^\\n]*\\n[^\\n]*\\n +evidence\\.\\n");
        Run policy = relgov("policy", "--help");
        assertThat(policy.out())
                .containsPattern("validate +Checks a policy file [^\\n]*\\n[^\\n]*FIELD\\.PATH: MESSAGE\\.\\n")
                .containsPattern("show +Prints a policy readably: [\\s\\S]*evidence and controls\\.\\n");
    }

    @Test
    void demoOutOntoAFileOrAnUnwritablePlaceIsASentence() throws Exception {
        Path file = Files.writeString(dir.resolve("taken"), "x");
        Run onFile = relgov("demo", "--out", file.toString()).readable();
        assertThat(onFile.exit()).isEqualTo(2);
        assertThat(onFile.err().strip())
                .isEqualTo("relgov demo: --out " + file + " is a file; give a folder (it is created if missing)");
        Run under = relgov("demo", "--out", file.resolve("sub").toString()).readable();
        assertThat(under.exit()).isEqualTo(2);
        assertThat(under.err().strip())
                .isEqualTo("relgov demo: --out " + file.resolve("sub") + ": cannot write there (Not a directory)");
        assumeTrue(
                Files.isDirectory(Path.of("/proc/self")),
                "no /proc here: the kernel's read-only folder case is Linux's");
        Run proc = relgov("demo", "--out", "/proc/relgov-demo").readable();
        assertThat(proc.exit()).isEqualTo(2);
        assertThat(proc.err().strip()).startsWith("relgov demo: --out /proc/relgov-demo: cannot write there (");
        assertThat(proc.out()).isEmpty();
    }

    @Test
    void jsonProblemsAreWordsNotTokensOrConfiguration() throws Exception {
        Path ws = Files.createDirectory(dir.resolve("ws"));
        Files.writeString(ws.resolve("object.json"), "{\"SchemaVersion\":2,\"Results\":{}}");
        Files.writeString(ws.resolve("cut.json"), "{\"SchemaVersion\":2,\"Results\":[{\"Target\":\"x\"");
        Path evidence = Files.createDirectory(dir.resolve("ev"));
        Run r = relgov(
                        "gate",
                        "--tier",
                        "patch",
                        "--environment",
                        "staging",
                        "--branch",
                        "main",
                        "--evidence",
                        evidence.toString(),
                        "--workspace",
                        ws.toString(),
                        "--trivy",
                        "object.json",
                        "--trivy",
                        "cut.json")
                .readable();
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.out())
                .contains("object.json line 1: 'Results' must be an array, found an object")
                .contains("cut.json line 1: malformed JSON: Unexpected end-of-input: expected close marker for Object"
                        + " (start marker at line 1, column 31)");
    }

    @Test
    void policyFileProblemsWithoutAPositionHaveNoZeros() throws Exception {
        Path deep = Files.writeString(dir.resolve("deep.json"), "{\"name\": " + "[".repeat(80) + "]".repeat(80) + "}");
        Run depth = relgov("policy", "validate", deep.toString()).readable();
        assertThat(depth.exit()).isEqualTo(2);
        assertThat(depth.err().strip())
                .isEqualTo(deep + ": not valid JSON: Document nesting depth (65) exceeds the maximum allowed (64)");
        Path big = Files.writeString(dir.resolve("big.yaml"), "#".repeat(1_100_000));
        Run size = relgov("policy", "validate", big.toString()).readable();
        assertThat(size.err().strip()).isEqualTo(big + ": policy file is larger than 1048576 bytes");
    }

    @Test
    void directoriesAreNamedAsDirectories() throws Exception {
        assertThat(relgov("gate", "--policy", dir.toString()).readable().err())
                .contains("--policy '" + dir + "' is a directory, not a policy file");
        assertThat(relgov("policy", "show", dir.toString()).readable().err())
                .contains("is a directory, not a policy file");
        Path file = Files.writeString(dir.resolve("a.txt"), "x");
        assertThat(relgov("sign", "--key", dir.toString(), file.toString())
                        .readable()
                        .err()
                        .strip())
                .isEqualTo("relgov sign: private key " + dir + ": cannot read (it is a directory)");
        assertThat(relgov("sign", "--key", dir.resolve("none.pem").toString(), file.toString())
                        .readable()
                        .err()
                        .strip())
                .isEqualTo("relgov sign: private key " + dir.resolve("none.pem") + ": no such file");
    }

    @Test
    void oneTestIsOneTest() throws Exception {
        Path ws = Files.createDirectory(dir.resolve("one"));
        Files.writeString(ws.resolve("TEST-one.xml"), "<testsuite><testcase classname=\"a\" name=\"b\"/></testsuite>");
        Path policy = Files.writeString(dir.resolve("p.yaml"), """
                name: one
                roles: {qa: {groups: [qa]}}
                tiers: {minor: {approvals: [{role: qa}]}}
                gates: {testsMustPass: true}
                """);
        Run r = relgov(
                        "gate",
                        "--policy",
                        policy.toString(),
                        "--tier",
                        "minor",
                        "--workspace",
                        ws.toString(),
                        "--junit",
                        "TEST-*.xml")
                .readable();
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).containsPattern("PASS +tests +1 test: 0 failed").contains(": 1 check passed");
    }

    @Command(name = "boom")
    static final class Boom implements Callable<Integer> {
        @Override
        public Integer call() {
            throw new IllegalStateException("the engine met something no command expected");
        }
    }

    @Test
    void anUnexpectedFailureIsOneLineAndExitTwo() {
        Run r = relgov(Relgov.commandLine().addSubcommand(new Boom()), "boom").readable();
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err().strip()).isEqualTo("relgov boom: the engine met something no command expected");
    }

    @Test
    void badOptionsAreTheirMessageAndAPointerToHelp() throws Exception {
        Run now = relgov("gate", "--now", "yesterday").readable();
        assertThat(now.exit()).isEqualTo(2);
        assertThat(now.err())
                .isEqualTo("relgov gate: Invalid value for option '--now': 'yesterday' is not a UTC time"
                        + " such as 2026-12-24T10:00:00Z\nTry 'relgov gate --help' for the options.\n");
        assertThat(relgov("gate", "--interval", "99999999999999999999d")
                        .readable()
                        .err()
                        .strip())
                .isEqualTo("relgov gate: --interval '99999999999999999999d' is too long a time");
        Path ws = Files.createDirectories(dir.resolve("ws/target"));
        Run folder = relgov(
                        "gate",
                        "--tier",
                        "patch",
                        "--environment",
                        "staging",
                        "--branch",
                        "main",
                        "--evidence",
                        dir.toString(),
                        "--workspace",
                        ws.getParent().toString(),
                        "--junit",
                        "target")
                .readable();
        assertThat(folder.out())
                .contains("pattern 'target' names a folder, not a report file (write e.g. 'target/**/*.xml')");
    }
}
