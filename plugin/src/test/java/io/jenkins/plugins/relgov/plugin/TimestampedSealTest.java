package io.jenkins.plugins.relgov.plugin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import hudson.model.Result;
import io.jenkins.plugins.relgov.evidence.BundleVerifier;
import io.jenkins.plugins.relgov.evidence.EventType;
import io.jenkins.plugins.relgov.evidence.VerificationReport;
import io.jenkins.plugins.relgov.signing.LocalTsa;
import io.jenkins.plugins.relgov.signing.VerificationKey;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.ZipFile;
import org.htmlunit.WebResponse;
import org.jenkinsci.plugins.workflow.cps.CpsFlowDefinition;
import org.jenkinsci.plugins.workflow.job.WorkflowJob;
import org.jenkinsci.plugins.workflow.job.WorkflowRun;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

/**
 * Seals time-stamped by the time-stamping authority an administrator configured: core's local authority, the real
 * {@code openssl ts -reply} behind a loopback server, made to answer, fail, or be an impostor. BouncyCastle, which
 * reads the tokens, comes from the bouncycastle-api plugin.
 */
@WithJenkins
class TimestampedSealTest {

    private static final String RELEASE = "policy: 'acme', version: 'v1.4.0', previousVersion: 'v1.3.2'";

    @TempDir
    File tmp;

    private JenkinsRule r;
    private LocalTsa tsa;

    @BeforeEach
    void setUp(JenkinsRule r) throws Exception {
        this.r = r;
        TestSupport.installAcme();
        TestSupport.signByDefault(
                Files.createDirectories(tmp.toPath().resolve("keys")).toFile());
        tsa = LocalTsa.start(tmp.toPath().resolve("tsa"), "Release Governance Test TSA");
    }

    @AfterEach
    void stopTsa() {
        tsa.close();
    }

    private void configure(LocalTsa authority, Path trusted) throws Exception {
        GovernanceConfiguration c = GovernanceConfiguration.get();
        c.setTimestampAuthorityUrl(authority.url().toString());
        c.setTimestampAuthorityCertificates(trusted == null ? null : Files.readString(trusted));
        c.setTimestampAuthorityTimeout(20);
    }

    private WorkflowRun signed(String job) throws Exception {
        WorkflowJob p = r.createProject(WorkflowJob.class, job);
        p.setDefinition(new CpsFlowDefinition(
                "node {\n"
                        + "  writeFile file: 'target/app.jar', text: 'the release artifact'\n"
                        + "  signArtifact " + RELEASE + ", files: 'target/*.jar'\n"
                        + "}",
                true));
        // the seal is part of completing the build: a failed seal never changes the build's result
        return r.assertBuildStatus(Result.SUCCESS, p.scheduleBuild2(0));
    }

    private VerificationReport verify(Path zip) throws Exception {
        return BundleVerifier.verify(
                zip,
                new BundleVerifier.Options(
                        VerificationKey.read(tmp.toPath().resolve("keys/pub.pem")), null, null, null, tsa.ca()));
    }

    private Path download(WorkflowRun b) throws Exception {
        return TestSupport.verifiedBundle(
                r, r.createWebClient(), b, tmp.toPath().resolve("keys").toFile());
    }

    @Test
    void theSealIsTimeStampedAndTheTokenVerifiesAgainstTheAuthoritysCa() throws Exception {
        configure(tsa, tsa.caPem());
        WorkflowRun b = signed("stamped");
        r.assertLogContains("evidence sealed: stamped-v1.4.0-evidence.zip (", b);
        r.assertLogContains("time-stamped by " + tsa.url() + ")", b);
        assertEquals(1, tsa.served());

        Path zip = download(b);
        VerificationReport report = verify(zip);
        assertTrue(report.valid(), report.problems().toString());
        assertTrue(
                report.checked().stream()
                        .anyMatch(c -> c.startsWith("timestamp: the seal's signature was time-stamped at ")
                                && c.endsWith("a time-stamping authority you trust")),
                report.checked().toString());
        try (ZipFile z = new ZipFile(zip.toFile())) {
            String manifest =
                    new String(z.getInputStream(z.getEntry("manifest.json")).readAllBytes(), StandardCharsets.UTF_8);
            assertEquals(
                    tsa.url().toString(),
                    BuildLedger.JSON
                            .readTree(manifest)
                            .path("timestampAuthority")
                            .asText());
        }
    }

    @Test
    void aFailingAuthorityLeavesTheEvidenceUnsealedSayingWhyAndTheNextSealAsksAgain() throws Exception {
        configure(tsa, tsa.caPem());
        tsa.answer(LocalTsa.Answer.HTTP_500);
        WorkflowRun b = signed("unstamped");
        r.assertLogContains("evidence NOT sealed: " + tsa.url() + ": the time-stamping authority answered HTTP 500", b);
        GovernedRelease release = GovernedRelease.of(b);
        assertEquals(GovernedRelease.SealStatus.FAILED, release.getSealStatus());
        assertNull(SealedEvidence.bundleName(b), "no bundle without the token the administrator asked for");
        WebResponse none = r.createWebClient()
                .withThrowExceptionOnFailingStatusCode(false)
                .goTo(b.getUrl() + "release-governance/bundle", null)
                .getWebResponse();
        assertEquals(404, none.getStatusCode());
        assertTrue(none.getContentAsString().contains("answered HTTP 500"), none.getContentAsString());

        // the authority is back; the next event after completion (a late review) seals again, and asks it again
        tsa.answer(LocalTsa.Answer.TOKEN);
        var review = BuildLedger.object().put("kind", "post-release-review");
        review.putObject("record").put("outcome", "no incident");
        review.putArray("controls");
        BuildLedger.of(b).append(EventType.EVIDENCE_RECORDED, "carol", review);
        for (int i = 0; i < 300 && release.getSealStatus() != GovernedRelease.SealStatus.SEALED; i++) {
            Thread.sleep(100);
        }
        assertEquals(GovernedRelease.SealStatus.SEALED, release.getSealStatus(), release.getSealMessage());
        assertEquals(2, tsa.served());
        VerificationReport report = verify(download(b));
        assertTrue(report.valid(), report.problems().toString());
    }

    @Test
    void anImpostorAuthorityIsRefused() throws Exception {
        // the configured certificate is another authority's CA: the token the URL answers with does not verify
        try (LocalTsa other = LocalTsa.start(tmp.toPath().resolve("other"), "Another TSA")) {
            configure(tsa, other.caPem());
            WorkflowRun b = signed("impostor");
            r.assertLogContains(
                    "evidence NOT sealed: " + tsa.url() + ": the time-stamping authority "
                            + "CN=Release Governance Test TSA is not one you trust",
                    b);
            assertEquals(
                    GovernedRelease.SealStatus.FAILED, GovernedRelease.of(b).getSealStatus());
            assertNull(SealedEvidence.bundleName(b));
        }
    }

    @Test
    void aUrlWithoutTheAuthoritysCertificateFailsTheSealRatherThanSkipTheTimestamp() throws Exception {
        configure(tsa, null);
        WorkflowRun b = signed("no-certificate");
        r.assertLogContains(
                "evidence NOT sealed: the time-stamping authority's certificate is needed to check its tokens", b);
        assertEquals(0, tsa.served());
    }

    @Test
    void withoutAnAuthorityTheSealSaysSo() throws Exception {
        WorkflowRun b = signed("plain");
        r.assertLogContains("evidence sealed: plain-v1.4.0-evidence.zip (", b);
        r.assertLogNotContains("time-stamped", b);
        VerificationReport report = verify(download(b));
        assertTrue(
                report.checked()
                        .contains(
                                "timestamp: none: no time-stamping authority was configured when the release was sealed"),
                report.checked().toString());
    }
}
