package io.jenkins.plugins.relgov.plugin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import hudson.FilePath;
import hudson.model.Item;
import hudson.model.Result;
import hudson.model.Run;
import io.jenkins.plugins.relgov.evidence.BundleVerifier;
import io.jenkins.plugins.relgov.signing.VerificationKey;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import jenkins.model.Jenkins;
import org.htmlunit.Page;
import org.jenkinsci.plugins.workflow.cps.CpsFlowDefinition;
import org.jenkinsci.plugins.workflow.job.WorkflowJob;
import org.jenkinsci.plugins.workflow.job.WorkflowRun;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.MockAuthorizationStrategy;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

/**
 * signArtifact with a key made by the real openssl, verified by the real openssl; the sealed bundle
 * downloaded from the evidence page; permissions and secrets.
 */
@WithJenkins
class SignArtifactStepTest {

    private static final String RELEASE = "policy: 'acme', version: 'v1.4.0', previousVersion: 'v1.3.2'";

    @TempDir
    File tmp;

    private JenkinsRule r;

    @BeforeEach
    void setUp(JenkinsRule r) throws Exception {
        this.r = r;
        TestSupport.installAcme();
        TestSupport.addKeyCredentials("release-key", TestSupport.opensslKey(tmp));
    }

    private WorkflowRun signed(String job, String environment, Result expected) throws Exception {
        WorkflowJob p = r.createProject(WorkflowJob.class, job);
        p.setDefinition(new CpsFlowDefinition(
                "node {\n"
                        + "  writeFile file: 'target/app.jar', text: 'the release artifact'\n"
                        + "  signArtifact " + RELEASE + ", environment: '" + environment + "', files: 'target/*.jar', "
                        + "credentialsId: 'release-key'\n"
                        + "}",
                true));
        return r.assertBuildStatus(expected, p.scheduleBuild2(0));
    }

    @Test
    void signaturesVerifyWithOpenssl() throws Exception {
        WorkflowRun b = signed("sign", "staging", Result.SUCCESS);
        FilePath ws = Jenkins.get().getWorkspaceFor(b.getParent());
        String sig = ws.child("target/app.jar.sig").readToString().trim();
        // cosign blob format: base64 of the DER signature; openssl verifies the decoded bytes
        Files.write(tmp.toPath().resolve("sig.der"), Base64.getDecoder().decode(sig));
        ws.child("target/app.jar").copyTo(new FilePath(new File(tmp, "app.jar")));
        String out = TestSupport.run(
                tmp, "openssl", "dgst", "-sha256", "-verify", "pub.pem", "-signature", "sig.der", "app.jar");
        assertTrue(out.contains("Verified OK"), out);

        assertTrue(b.getArtifactManager()
                .root()
                .child("release-governance/signatures/target/app.jar.sig")
                .isFile());
        assertTrue(TestSupport.types(b).contains("artifact-signed"));
        assertTrue(TestSupport.types(b).contains("attestation-created"));
        // the key never reaches the log or the evidence
        r.assertLogNotContains("PRIVATE KEY", b);
        assertFalse(TestSupport.ledgerText(b).contains("PRIVATE KEY"));
    }

    /**
     * A workspace is the build's to shape, links included: a {@code .sig} planted as a link out of the workspace is
     * replaced by the signature, never written through, and a file linked from outside is not signed at all.
     */
    @Test
    void linksOutOfTheWorkspaceAreNeitherWrittenThroughNorSigned() throws Exception {
        WorkflowJob p = r.createProject(WorkflowJob.class, "links");
        Path ws = Files.createDirectories(
                new File(Jenkins.get().getWorkspaceFor(p).getRemote()).toPath().resolve("target"));
        Path victim = Files.writeString(tmp.toPath().resolve("authorized_keys"), "precious");
        Files.writeString(ws.resolve("app.jar"), "the release artifact");
        Files.createSymbolicLink(ws.resolve("app.jar.sig"), victim);
        Files.createSymbolicLink(ws.resolve("outside.jar"), tmp.toPath().resolve("key.pem"));
        p.setDefinition(new CpsFlowDefinition(
                "node {\n"
                        + "  signArtifact " + RELEASE
                        + ", environment: 'staging', files: 'target/*.jar', credentialsId: 'release-key'\n"
                        + "}",
                true));
        WorkflowRun b = r.assertBuildStatusSuccess(p.scheduleBuild2(0));

        assertEquals("precious", Files.readString(victim));
        assertFalse(Files.isSymbolicLink(ws.resolve("app.jar.sig")));
        Files.write(
                tmp.toPath().resolve("sig.der"),
                Base64.getDecoder()
                        .decode(Files.readString(ws.resolve("app.jar.sig")).trim()));
        String out = TestSupport.run(
                tmp,
                "openssl",
                "dgst",
                "-sha256",
                "-verify",
                "pub.pem",
                "-signature",
                "sig.der",
                ws.resolve("app.jar").toString());
        assertTrue(out.contains("Verified OK"), out);
        r.assertLogContains("[release-governance] signed target/app.jar (sha256 ", b);
        r.assertLogNotContains("outside.jar", b);
        assertFalse(Files.exists(ws.resolve("outside.jar.sig")));
        assertEquals(
                1,
                TestSupport.types(b).stream().filter("artifact-signed"::equals).count());
    }

    /** Signatures are written all or none: a place where one cannot go fails the step, naming it, before any is written. */
    @Test
    void aSigPlaceThatIsADirectoryFailsTheStepAndWritesNoSignature() throws Exception {
        WorkflowJob p = r.createProject(WorkflowJob.class, "sigdir");
        Path ws = Files.createDirectories(
                new File(Jenkins.get().getWorkspaceFor(p).getRemote()).toPath().resolve("target"));
        Files.writeString(ws.resolve("a.jar"), "first");
        Files.writeString(ws.resolve("b.jar"), "second");
        Files.createDirectory(ws.resolve("b.jar.sig"));
        p.setDefinition(new CpsFlowDefinition(
                "node {\n"
                        + "  signArtifact " + RELEASE
                        + ", environment: 'staging', files: 'target/*.jar', credentialsId: 'release-key'\n"
                        + "}",
                true));
        WorkflowRun b = r.assertBuildStatus(Result.FAILURE, p.scheduleBuild2(0));

        r.assertLogContains("signArtifact: ", b);
        r.assertLogContains("b.jar.sig exists and is not a file (a directory?); move it away", b);
        assertFalse(Files.exists(ws.resolve("a.jar.sig")));
        assertFalse(TestSupport.types(b).contains("artifact-signed"));
    }

    @Test
    void refusesToSignForProductionWithoutCompletedApprovals() throws Exception {
        WorkflowRun b = signed("unapproved", "production", Result.FAILURE);
        r.assertLogContains("refusing to sign v1.4.0 for environment 'production'", b);
        assertFalse(Jenkins.get()
                .getWorkspaceFor(b.getParent())
                .child("target/app.jar.sig")
                .exists());
        assertFalse(TestSupport.types(b).contains("artifact-signed"));
    }

    /** A build that signs a.bin for staging with {@code credentialsId}, which must fail. */
    private WorkflowRun refusedWith(String job, String credentialsId) throws Exception {
        WorkflowJob p = r.createProject(WorkflowJob.class, job);
        p.setDefinition(new CpsFlowDefinition(
                "node { writeFile file: 'a.bin', text: 'x'\n" + "signArtifact " + RELEASE
                        + ", environment: 'staging', files: 'a.bin', credentialsId: '" + credentialsId + "' }",
                true));
        return r.assertBuildStatus(Result.FAILURE, p.scheduleBuild2(0));
    }

    @Test
    void unknownCredentialsAreNamedWithoutContent() throws Exception {
        r.assertLogContains("No credentials 'missing-key'", refusedWith("nokey", "missing-key"));
    }

    /**
     * A key credential altered to carry another key's public half (openssl's own check calls it invalid) is refused
     * with the credential's name before anything is signed or recorded; the key never reaches the log.
     */
    @Test
    void aKeyWhosePublicHalfIsAnotherKeysIsRefused() throws Exception {
        File other = new File(tmp, "other");
        assertTrue(other.mkdir());
        TestSupport.opensslKey(other);
        TestSupport.run(
                tmp,
                "sh",
                "-c",
                "mkdir spliced && sed '1d;$d' key.pem | base64 -d > mine.der" // PKCS#8, as openssl genpkey wrote it
                        + " && sed '1d;$d' other/key.pem | base64 -d > other.der"
                        + " && head -c $(( $(wc -c < mine.der) - 64 )) mine.der > spliced.der"
                        + " && tail -c 64 other.der >> spliced.der"
                        + " && { echo '-----BEGIN PRIVATE KEY-----'; base64 -w 64 spliced.der;"
                        + " echo '-----END PRIVATE KEY-----'; } > spliced/key.pem"
                        + " && ! openssl pkey -in spliced/key.pem -check -noout");
        TestSupport.addKeyCredentials("spliced-key", new File(tmp, "spliced"));
        WorkflowRun b = refusedWith("spliced", "spliced-key");

        r.assertLogContains(
                "Credentials 'spliced-key' do not hold a usable signing key: credentials spliced-key: the EC public key"
                        + " in the file does not belong to its private key",
                b);
        r.assertLogContains("evidence not sealed: no signing credentials: no signArtifact step of this build", b);
        r.assertLogNotContains("BEGIN PRIVATE KEY", b);
        assertFalse(r.jenkins.getWorkspaceFor(b.getParent()).child("a.bin.sig").exists());
        assertFalse(TestSupport.types(b).contains("artifact-signed"));
    }

    @Test
    void sealedBundleDownloadsFromTheEvidencePageAndVerifiesOffline() throws Exception {
        WorkflowRun b = signed("bundle", "staging", Result.SUCCESS);
        r.assertLogContains("evidence sealed: bundle-v1.4.0-evidence.zip", b);

        r.jenkins.setSecurityRealm(r.createDummySecurityRealm());
        r.jenkins.setAuthorizationStrategy(new MockAuthorizationStrategy()
                .grant(Jenkins.READ, Item.READ, Run.ARTIFACTS)
                .everywhere()
                .to("auditor")
                .grant(Jenkins.READ)
                .everywhere()
                .to("stranger"));

        JenkinsRule.WebClient auditor = r.createWebClient().login("auditor");
        String page = auditor.goTo(b.getUrl() + "release-governance/")
                .getWebResponse()
                .getContentAsString();
        assertTrue(page.contains("v1.4.0") && page.contains("app.jar") && page.contains("SOC2-CC8.1"), page);

        Page zip = auditor.goTo(b.getUrl() + "release-governance/bundle", "application/zip");
        Path bundle = tmp.toPath().resolve("bundle.zip");
        Files.write(bundle, zip.getWebResponse().getContentAsStream().readAllBytes());
        assertTrue(Files.size(bundle) > 0);
        // the bundle verifies offline with core's verifier (as `relgov verify --key` does), trusting the
        // public key openssl derived, not the one inside the bundle
        var report = BundleVerifier.verify(
                bundle,
                new BundleVerifier.Options(VerificationKey.read(tmp.toPath().resolve("pub.pem")), null, null));
        assertTrue(report.valid(), report.problems().toString());

        // no Item.READ: the page does not exist for this user
        JenkinsRule.WebClient stranger = r.createWebClient().login("stranger");
        stranger.assertFails(b.getUrl() + "release-governance/bundle", 404);
    }

    @Test
    void productionEvidenceIsKeptFromLogRotation() throws Exception {
        WorkflowJob p = r.createProject(WorkflowJob.class, "kept");
        p.setDefinition(new CpsFlowDefinition(
                "recordEvidence " + RELEASE
                        + ", environment: 'production', type: 'risk-assessment', data: [risk: 'low']",
                true));
        WorkflowRun b = r.assertBuildStatusSuccess(p.scheduleBuild2(0));
        assertTrue(b.isKeepLog());
        GovernedRelease release = GovernedRelease.of(b);
        assertNotNull(release.getRetainUntil());
        assertEquals(
                release.getRetainUntil().substring(0, 4),
                Integer.toString(java.time.Year.now(java.time.ZoneOffset.UTC).getValue() + 7));
    }
}
