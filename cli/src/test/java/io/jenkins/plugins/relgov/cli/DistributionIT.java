package io.jenkins.plugins.relgov.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.relgov.cli.Processes.Run;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shipped distribution, cli/target/relgov.tar.gz, unpacked and used as the README says: bin/relgov on
 * the PATH through a link, and the completion script sourced into bash. Failsafe runs it after package.
 */
class DistributionIT {
    @TempDir
    static Path home;

    static Path onPath;

    @BeforeAll
    static void unpackAndLink() throws Exception {
        Path archive = Path.of("target/relgov.tar.gz").toAbsolutePath();
        assertThat(archive).isRegularFile();
        assertThat(run(Map.of(), "tar", "-xzf", archive.toString(), "-C", home.toString())
                        .exit())
                .isZero();
        onPath = Files.createDirectories(home.resolve("on-path"));
        Files.createSymbolicLink(onPath.resolve("relgov"), home.resolve("relgov/bin/relgov"));
    }

    private static Run run(Map<String, String> env, String... command) throws Exception {
        return Processes.run(home, env, command);
    }

    /** {@code relgov ARGS} as a shell runs it, with the distribution's bin linked into the PATH. */
    private static Run relgov(String args) throws Exception {
        return run(Map.of("PATH", onPath + File.pathSeparator + System.getenv("PATH")), "sh", "-c", "relgov " + args);
    }

    @Test
    void theArchiveHoldsTheCommandTheJarAndTheCompletion() {
        assertThat(home.resolve("relgov/bin/relgov")).isExecutable();
        assertThat(home.resolve("relgov/lib/relgov.jar")).isRegularFile();
        assertThat(home.resolve("relgov/lib/relgov.jsa")).isRegularFile();
        assertThat(home.resolve("relgov/completion/relgov_completion")).isRegularFile();
    }

    @Test
    void relgovIsACommandOnThePath() throws Exception {
        Run version = relgov("--version");
        assertThat(version.exit()).as(version.err()).isZero();
        assertThat(version.out()).isEqualTo("relgov 0.1.0\n");
        Run help = relgov("help");
        assertThat(help.out()).contains("Usage: relgov").contains("verify").contains("demo");
    }

    @Test
    void exitCodesAndErrorsPassThrough() throws Exception {
        Run missing = relgov("verify " + home.resolve("no-such-bundle.zip"));
        assertThat(missing.exit()).isEqualTo(2);
        assertThat(missing.err())
                .contains("relgov verify: ")
                .contains("no-such-bundle.zip")
                .doesNotContain("Exception");
    }

    @Test
    void theDemoRunsAndItsBundleVerifiesWithTheShippedCommand() throws Exception {
        Path out = home.resolve("demo");
        Run demo = relgov("demo --out " + out);
        assertThat(demo.exit()).as(demo.out() + demo.err()).isZero();
        Run verify = relgov("verify " + out.resolve("payments-api-v2.0.0-evidence.zip") + " --key "
                + out.resolve("signing-key.pub.pem") + " --policy inopsio");
        assertThat(verify.exit()).as(verify.out() + verify.err()).isZero();
    }

    @Test
    void withoutJavaItSaysWhatItNeeds() throws Exception {
        Run run = run(
                Map.of("JAVA_HOME", home.resolve("no-jdk").toString()),
                home.resolve("relgov/bin/relgov").toString(),
                "--version");
        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err()).startsWith("relgov: no Java found").contains("Java 17 or later");
    }

    @Test
    void bashCompletesCommandsAndOptions() throws Exception {
        assertThat(complete("relgov ve")).containsExactly("verify");
        assertThat(complete("relgov po")).containsExactly("policy");
        assertThat(complete("relgov policy ")).contains("validate", "show");
        assertThat(complete("relgov demo --o")).containsExactly("--out");
    }

    /** What bash offers on TAB after {@code line}, with the shipped completion script sourced. */
    private static List<String> complete(String line) throws Exception {
        String script = ". \"$1\"; COMP_LINE=\"$2\"; COMP_POINT=${#COMP_LINE}; read -r -a COMP_WORDS <<< \"$2\";"
                + " [[ $2 == *' ' ]] && COMP_WORDS+=(''); COMP_CWORD=$(( ${#COMP_WORDS[@]} - 1 ));"
                + " _complete_relgov; printf '%s\\n' \"${COMPREPLY[@]}\"";
        Run run = run(
                Map.of(),
                "bash",
                "-c",
                script,
                "bash",
                home.resolve("relgov/completion/relgov_completion").toString(),
                line);
        assertThat(run.exit()).as(run.err()).isZero();
        return run.out().lines().filter(s -> !s.isBlank()).toList();
    }
}
