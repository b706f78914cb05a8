package io.jenkins.plugins.relgov.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The main job: a whole governed release through the engine, its bundle verifiable by the auditor's command. */
class DemoCommandTest {

    @TempDir
    Path out;

    private record Run(int exit, String out, String err) {
    }

    private static Run relgov(String... args) {
        var out = new StringWriter();
        var err = new StringWriter();
        int exit = new CommandLine(new Relgov()).setOut(new PrintWriter(out)).setErr(new PrintWriter(err)).execute(args);
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
                .contains("evidence/TEST-demo.payments.TransferTest.xml: sha256 differs from ledger seq 2");
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
        assertThat(valid.out()).contains("\noutcome  ROLLED BACK: approved by erin (executive-board), carol (ciso); deployed to production;"
                + " ROLLED BACK to v1.4.2 because error-rate");

        Run tampered = relgov("verify", out.resolve("tampered-" + bundle.getFileName()).toString(), "--key", key.toString());
        assertThat(tampered.exit()).isEqualTo(1);
        assertThat(tampered.out() + tampered.err()).contains("evidence/TEST-demo.payments.TransferTest.xml");
    }

    @Test
    void demoRunsTwiceIntoTheSameFolder() throws Exception {
        assertThat(relgov("demo", "--out", out.toString()).exit()).isZero();
        assertThat(relgov("demo", "--out", out.toString()).exit()).isZero();
        assertThat(Files.readString(out.resolve("release-history.json"))).contains("v1.4.2");
    }
}
