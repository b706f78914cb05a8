package io.jenkins.plugins.relgov.cli;

import static io.jenkins.plugins.relgov.cli.AnalyzeCommandTest.relgov;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Review: an unusable input is exit 2 with one line that names the file and says what is wrong. Unreadable
 * files used to print only the JDK's bare message ("relgov analyze: /x/token" or "relgov analyze: Is a
 * directory"), and a YAML syntax error spread over several lines.
 */
class CliErrorLinesTest {
    @TempDir
    Path dir;

    static void oneClearLine(AnalyzeCommandTest.Run r, String... parts) {
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err().strip())
                .doesNotContain("\n")
                .startsWith("relgov analyze: ")
                .contains(parts);
        assertThat(r.err()).doesNotContain("Exception");
    }

    @Test
    void aMissingTokenFileIsNamedAsMissing() {
        Path token = dir.resolve("token");
        oneClearLine(
                relgov(
                        "analyze",
                        "--policy",
                        "inopsio",
                        "--prometheus",
                        "http://127.0.0.1:9",
                        "--bearer-token-file",
                        token.toString()),
                token.toString(),
                "no such file");
    }

    @Test
    void aTemplateThatIsADirectoryIsNamed() {
        oneClearLine(relgov("analyze", "--template", dir.toString()), dir.toString(), "directory");
    }

    @Test
    void aYamlSyntaxErrorIsOneLine() throws Exception {
        Path t = Files.writeString(dir.resolve("bad.yaml"), "metrics: [\n");
        oneClearLine(relgov("analyze", "--template", t.toString()), "bad.yaml");
    }

    @Test
    void aMissingPasswordFileIsNamedAsMissing() throws Exception {
        Path key = Files.writeString(
                dir.resolve("key.pem"),
                "-----BEGIN ENCRYPTED PRIVATE KEY-----\nAA==\n-----END ENCRYPTED PRIVATE KEY-----\n");
        Path file = Files.writeString(dir.resolve("f.txt"), "data");
        Path missing = dir.resolve("password.txt");
        AnalyzeCommandTest.Run r =
                relgov("sign", "--key", key.toString(), "--password-file", missing.toString(), file.toString());
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err().strip()).isEqualTo("relgov sign: password file " + missing + ": no such file");
    }

    @Test
    void verifyNamesAnUnknownPolicyNotTheBundle() throws Exception {
        Path bundle = Files.writeString(dir.resolve("b.zip"), "not a zip");
        AnalyzeCommandTest.Run r = relgov("verify", bundle.toString(), "--policy", "nope");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err().strip())
                .doesNotContain("\n")
                .startsWith("relgov verify: ")
                .contains("nope")
                .doesNotContain("b.zip");
    }
}
