package io.jenkins.plugins.relgov.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.jenkins.plugins.relgov.analysis.rollback.Deployment;
import io.jenkins.plugins.relgov.analysis.rollback.JsonReleaseHistory;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The main job: a whole governed release through the engine, its bundle verifiable by the auditor's command. */
class DemoCommandTest {

    @TempDir
    Path out;

    private record Run(int exit, String out, String err) {}

    private static Run relgov(String... args) {
        var out = new StringWriter();
        var err = new StringWriter();
        int exit = Relgov.commandLine(args)
                .setOut(new PrintWriter(out))
                .setErr(new PrintWriter(err))
                .execute(args);
        return new Run(exit, out.toString(), err.toString());
    }

    @Test
    void demoGovernsTheReleaseFromPolicyToVerifiedBundle() {
        Run demo = relgov("demo", "--out", out.toString());

        assertThat(demo.exit()).as(demo.err()).isZero();
        assertThat(demo.out())
                .contains("tier major (major version changed 1 → 2)")
                .contains("gate PASSED (policy inopsio, tier major)")
                .contains("alice started this build and cannot approve it")
                .contains("mallory is not a member of any role this request requires")
                .contains("erin already approved as executive-board; one person cannot fill two roles")
                .contains("carol approved as ciso (group:ciso); the request is approved")
                .contains("failureCondition 'result[0] > 0.05' holds")
                .contains("make rollback ENV=production VERSION=v1.4.2")
                .contains("evidence/TEST-demo.payments.TransferTest.xml: sha256 differs from ledger seq 3");
    }

    @Test
    void theDemoBundleVerifiesWithTheAuditorsCommandAndTheTamperedCopyDoesNot() {
        assertThat(relgov("demo", "--out", out.toString()).exit()).isZero();
        Path bundle = out.resolve("payments-api-v2.0.0-evidence.zip");
        Path key = out.resolve("signing-key.pub.pem");
        assertThat(bundle).isRegularFile();

        Run valid = relgov("verify", bundle.toString(), "--key", key.toString(), "--policy", "inopsio");
        assertThat(valid.exit()).as(valid.out() + valid.err()).isZero();
        // the auditor learns that the release was rolled back, and why, not only that its evidence is intact
        assertThat(valid.out())
                .contains(
                        "\noutcome  ROLLED BACK: approved by erin (executive-board), carol (ciso); deployed to production;"
                                + " ROLLED BACK to v1.4.2 because error-rate");

        Run tampered =
                relgov("verify", out.resolve("tampered-" + bundle.getFileName()).toString(), "--key", key.toString());
        assertThat(tampered.exit()).isEqualTo(1);
        assertThat(tampered.out() + tampered.err()).contains("evidence/TEST-demo.payments.TransferTest.xml");
    }

    @Test
    void theReleaseHistoryRecordsTheDemosOwnRolledBackRelease() {
        assertThat(relgov("demo", "--out", out.toString()).out())
                .contains(
                        "release history of production, newest first: v2.0.0 ROLLED_BACK, v1.4.2 SUCCESSFUL, v1.4.1 SUCCESSFUL");
        JsonReleaseHistory history = new JsonReleaseHistory(out.resolve("release-history.json"));
        assertThat(history.releases("production"))
                .extracting(Deployment::version, Deployment::outcome)
                .containsExactly(
                        tuple("v2.0.0", Deployment.Outcome.ROLLED_BACK),
                        tuple("v1.4.2", Deployment.Outcome.SUCCESSFUL),
                        tuple("v1.4.1", Deployment.Outcome.SUCCESSFUL));
        assertThat(history.lastStable("production", "v2.0.0"))
                .map(Deployment::version)
                .contains("v1.4.2");
    }

    @Test
    void aSecondRunIntoTheSameFolderIsRefusedAndLeavesTheFirstIntact() throws Exception {
        assertThat(relgov("demo", "--out", out.toString()).exit()).isZero();
        byte[] bundle = Files.readAllBytes(out.resolve("payments-api-v2.0.0-evidence.zip"));
        byte[] key = Files.readAllBytes(out.resolve("signing-key.pub.pem"));

        Run again = relgov("demo", "--out", out.toString());
        assertThat(again.exit()).isEqualTo(2);
        assertThat(again.err())
                .startsWith(
                        "relgov demo: " + out + " already holds a demo release (payments-api-v2.0.0-evidence.zip,"
                                + " release-history.json, signing-key.pub.pem, tampered-payments-api-v2.0.0-evidence.zip, workspace)")
                .contains("add --force");
        assertThat(again.out()).isEmpty();
        assertThat(out.resolve("payments-api-v2.0.0-evidence.zip")).hasBinaryContent(bundle);
        assertThat(out.resolve("signing-key.pub.pem")).hasBinaryContent(key);
    }

    @Test
    void forceReplacesTheEarlierRunAndKeepsOneHistory() throws Exception {
        assertThat(relgov("demo", "--out", out.toString()).exit()).isZero();
        String key = Files.readString(out.resolve("signing-key.pub.pem"));
        Run forced = relgov("demo", "--out", out.toString(), "--force");
        assertThat(forced.exit()).as(forced.err()).isZero();
        assertThat(forced.out()).contains("v2.0.0 ROLLED_BACK, v1.4.2 SUCCESSFUL, v1.4.1 SUCCESSFUL");
        assertThat(Files.readString(out.resolve("signing-key.pub.pem"))).isNotEqualTo(key);
        Run valid = relgov(
                "verify",
                out.resolve("payments-api-v2.0.0-evidence.zip").toString(),
                "--key",
                out.resolve("signing-key.pub.pem").toString());
        assertThat(valid.exit()).as(valid.out()).isZero();
    }

    @Test
    void anOutThatIsAFileIsAnError() throws Exception {
        Path file = Files.writeString(out.resolve("notes.txt"), "mine");
        Run run = relgov("demo", "--out", file.toString());
        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err())
                .isEqualTo("relgov demo: --out " + file + " is a file; give a folder (it is created if missing)\n");
        assertThat(file).hasContent("mine");
    }

    @Test
    void withoutOutTheTemporaryFolderIsRemoved(@TempDir Path tmp) throws Exception {
        // in a JVM of its own, so that its temporary folder is one this test can look into
        Path log = out.resolve("demo.log");
        Process p = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-Djava.io.tmpdir=" + tmp,
                        "-cp",
                        System.getProperty("java.class.path"),
                        Relgov.class.getName(),
                        "demo")
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(Files.readString(log)).isZero();
        assertThat(Files.readString(log))
                .contains("gate PASSED")
                .contains(tmp + "/relgov-demo")
                .contains("The release's folder was temporary and is removed; run with --out DIR to keep the bundle");
        try (Stream<Path> left = Files.list(tmp)) {
            assertThat(left).isEmpty();
        }
    }
}
