package io.jenkins.plugins.relgov.plugin;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import hudson.model.Item;
import hudson.model.Result;
import hudson.model.Run;
import io.jenkins.plugins.relgov.evidence.Ledger;
import io.jenkins.plugins.relgov.evidence.LedgerEvent;
import java.io.File;
import java.io.InputStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.ZipFile;
import jenkins.model.Jenkins;
import org.htmlunit.HttpMethod;
import org.htmlunit.Page;
import org.htmlunit.WebRequest;
import org.htmlunit.html.HtmlForm;
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
 * The evidence page and its bundle as a real run found them wanting: pages of ordinary pipelines, the
 * bundle while sealing, one stored copy of each byte, a ledger that never goes stale, a policy changed
 * mid-build, and empty cells where the ledger has no value.
 */
@WithJenkins
class EvidenceBundleTest {

    private static final String RELEASE =
            "policy: 'acme', version: 'v1.4.0', previousVersion: 'v1.3.2', environment: 'staging'";

    @TempDir
    File tmp;

    private JenkinsRule r;

    @BeforeEach
    void setUp(JenkinsRule r) throws Exception {
        this.r = r;
        TestSupport.installAcme();
        TestSupport.addKeyCredentials("release-key", TestSupport.opensslKey(tmp));
    }

    private WorkflowRun signedBuild(String name) throws Exception {
        WorkflowJob p = r.createProject(WorkflowJob.class, name);
        p.setDefinition(new CpsFlowDefinition(
                "node {\n"
                        + "  writeFile file: 'docs/risk.md', text: 'risk: low, reviewed by the release manager'\n"
                        + "  recordEvidence " + RELEASE + ", type: 'risk-assessment', files: 'docs/risk.md'\n"
                        + "  writeFile file: 'target/app.jar', text: 'the release artifact'\n"
                        + "  signArtifact files: 'target/app.jar', credentialsId: 'release-key'\n"
                        + "}",
                true));
        return r.buildAndAssertSuccess(p);
    }

    private byte[] bundle(WorkflowRun b) throws Exception {
        Page zip = r.createWebClient().goTo(b.getUrl() + "release-governance/bundle", "application/zip");
        try (InputStream in = zip.getWebResponse().getContentAsStream()) {
            return in.readAllBytes();
        }
    }

    @Test
    void pipelinesWithoutGovernanceRunAndTheirPagesAnswer() throws Exception {
        // the evidence page's action factory once answered every Run.getAction(type), itself included:
        // every pipeline died of a StackOverflowError and every build page answered 500
        WorkflowJob p = r.createProject(WorkflowJob.class, "plain");
        p.setDefinition(new CpsFlowDefinition("echo 'no governance here'", true));
        WorkflowRun b = r.buildAndAssertSuccess(p);
        r.createWebClient().getPage(b);
        assertNull(b.getAction(ReleaseEvidenceAction.class));
        assertEquals(ReleaseEvidenceAction.class, new ReleaseEvidenceAction.Factory().actionType());
    }

    @Test
    void theBundleIsAssembledFromOneStoredCopyOfEachFileAndIsTheSameEveryTime() throws Exception {
        WorkflowRun b = signedBuild("once");
        Path zip = TestSupport.verifiedBundle(r, r.createWebClient(), b, tmp);
        assertArrayEquals(Files.readAllBytes(zip), bundle(b), "the same bytes on every download");
        try (ZipFile z = new ZipFile(zip.toFile())) {
            assertTrue(z.getEntry("evidence/docs/risk.md") != null);
        }
        // the evidence file exists once, as an artifact; no bundle is stored in the build or among its artifacts
        try (Stream<Path> files = Files.walk(b.getRootDir().toPath())) {
            List<Path> copies = files.filter(f -> f.getFileName().toString().equals("risk.md"))
                    .toList();
            assertEquals(1, copies.size(), copies.toString());
        }
        try (Stream<Path> files = Files.walk(b.getRootDir().toPath())) {
            assertTrue(files.noneMatch(f -> f.getFileName().toString().endsWith("-evidence.zip")));
        }
    }

    @Test
    void theLedgerLinkServesTheLedgerAsItIsNow() throws Exception {
        WorkflowRun b = signedBuild("current");
        String served = r.createWebClient()
                .goTo(b.getUrl() + "release-governance/ledger", "application/x-ndjson")
                .getWebResponse()
                .getContentAsString(StandardCharsets.UTF_8);
        List<LedgerEvent> events =
                Ledger.read(new java.io.ByteArrayInputStream(served.getBytes(StandardCharsets.UTF_8)), "ledger");
        assertEquals(TestSupport.ledger(b).size(), events.size());
        assertFalse(b.getArtifactManager().root().child(BuildLedger.LEDGER).exists());
    }

    @Test
    void whileSealingTheBundleAnswersRetryLaterAndThenArrives() throws Exception {
        WorkflowRun b = signedBuild("sealing");
        // as if a restart had cut the seal short: the status says SEALING and no seal is kept
        GovernedRelease release = GovernedRelease.of(b);
        release.sealState(GovernedRelease.SealStatus.SEALING, "sealing", 0);
        hudson.Util.deleteRecursive(new File(b.getRootDir(), SealedEvidence.FOLDER));
        JenkinsRule.WebClient wc = r.createWebClient();
        wc.setThrowExceptionOnFailingStatusCode(false);
        Page answer = wc.goTo(b.getUrl() + "release-governance/bundle", null);
        assertEquals(503, answer.getWebResponse().getStatusCode());
        assertEquals("5", answer.getWebResponse().getResponseHeaderValue("Retry-After"));
        assertTrue(answer.getWebResponse().getContentAsString().contains("being sealed"));
        for (int i = 0; i < 100 && release.getSealStatus() != GovernedRelease.SealStatus.SEALED; i++) {
            Thread.sleep(100);
        }
        assertEquals(GovernedRelease.SealStatus.SEALED, release.getSealStatus());
        TestSupport.verifiedBundle(r, r.createWebClient(), b, tmp);
    }

    @Test
    void withoutSigningCredentialsTheBundleIsNotFoundWithTheReason() throws Exception {
        WorkflowJob p = r.createProject(WorkflowJob.class, "unsigned");
        p.setDefinition(new CpsFlowDefinition(
                "recordEvidence " + RELEASE + ", type: 'risk-assessment', data: [risk: 'low']", true));
        WorkflowRun b = r.buildAndAssertSuccess(p);
        r.assertLogContains("evidence not sealed: no signing credentials", b);
        JenkinsRule.WebClient wc = r.createWebClient();
        wc.setThrowExceptionOnFailingStatusCode(false);
        Page answer = wc.goTo(b.getUrl() + "release-governance/bundle", null);
        assertEquals(404, answer.getWebResponse().getStatusCode());
        assertTrue(answer.getWebResponse().getContentAsString().contains("no signing credentials"));
    }

    @Test
    void anAdministratorSealsABuildOnceTheMissingCredentialsAreConfiguredAndNobodyElseCan() throws Exception {
        r.jenkins.setSecurityRealm(r.createDummySecurityRealm());
        r.jenkins.setAuthorizationStrategy(new MockAuthorizationStrategy()
                .grant(Jenkins.ADMINISTER)
                .everywhere()
                .to("admin")
                .grant(Jenkins.READ, Item.READ, Item.CONFIGURE, Item.BUILD, Run.ARTIFACTS)
                .everywhere()
                .to("dev"));
        WorkflowJob p = r.createProject(WorkflowJob.class, "late-key");
        p.setDefinition(new CpsFlowDefinition(
                "recordEvidence " + RELEASE + ", type: 'risk-assessment', data: [risk: 'low']", true));
        WorkflowRun b = r.buildAndAssertSuccess(p);
        GovernedRelease release = GovernedRelease.of(b);
        assertEquals(GovernedRelease.SealStatus.NOT_SEALED, release.getSealStatus());
        GovernanceConfiguration.get().setSigningCredentialsId("release-key");
        String seal = b.getUrl() + "release-governance/seal";

        // a developer may configure and build the job, yet neither sees the button nor may seal
        JenkinsRule.WebClient dev = r.createWebClient().login("dev");
        assertTrue(dev.goTo(b.getUrl() + "release-governance/").getForms().stream()
                .noneMatch(f -> f.getNameAttribute().equals("seal")));
        dev.setThrowExceptionOnFailingStatusCode(false);
        assertEquals(
                403,
                dev.withBasicApiToken("dev")
                        .getPage(post(seal))
                        .getWebResponse()
                        .getStatusCode());
        // nor an administrator by GET (a link or an image tag), nor by a POST without a crumb
        JenkinsRule.WebClient admin = r.createWebClient().login("admin");
        admin.setThrowExceptionOnFailingStatusCode(false);
        assertEquals(405, admin.goTo(seal, null).getWebResponse().getStatusCode());
        assertEquals(403, admin.getPage(post(seal)).getWebResponse().getStatusCode());
        Thread.sleep(500);
        assertEquals(GovernedRelease.SealStatus.NOT_SEALED, release.getSealStatus(), "nothing sealed it");

        // the administrator's button, on the page, seals the ledger as it stands
        HtmlForm form = r.createWebClient()
                .login("admin")
                .goTo(b.getUrl() + "release-governance/")
                .getFormByName("seal");
        int events = TestSupport.ledger(b).size();
        r.submit(form);
        for (int i = 0; i < 100 && release.getSealStatus() != GovernedRelease.SealStatus.SEALED; i++) {
            Thread.sleep(100);
        }
        assertEquals(GovernedRelease.SealStatus.SEALED, release.getSealStatus(), release.getSealMessage());
        assertEquals(events, TestSupport.ledger(b).size(), "sealing adds no event");
        TestSupport.verifiedBundle(r, r.createWebClient().login("admin"), b, tmp);
    }

    private WebRequest post(String path) throws Exception {
        return new WebRequest(new URL(r.getURL(), path), HttpMethod.POST);
    }

    @Test
    void aPolicyChangedMidBuildIsRecordedAndTheBuildIsStillSealed() throws Exception {
        GovernanceConfiguration.get().setSigningCredentialsId("release-key");
        WorkflowJob p = r.createProject(WorkflowJob.class, "midway");
        p.setDefinition(new CpsFlowDefinition(
                "recordEvidence " + RELEASE + ", type: 'risk-assessment', data: [risk: 'low']\n"
                        + "semaphore 'policy-edit'\n"
                        + "recordEvidence type: 'test-summary', data: [tests: 3]",
                true));
        WorkflowRun b = p.scheduleBuild2(0).waitForStart();
        org.jenkinsci.plugins.workflow.test.steps.SemaphoreStep.waitForStart("policy-edit/1", b);
        GovernanceConfiguration.get()
                .setPolicies(List.of(new NamedPolicy(
                        "acme", TestSupport.acmeYaml().replace("lineCoverage: \"> 50%\"", "lineCoverage: \"> 60%\""))));
        org.jenkinsci.plugins.workflow.test.steps.SemaphoreStep.success("policy-edit/1", null);
        r.assertBuildStatus(Result.FAILURE, r.waitForCompletion(b));
        r.assertLogContains("changed while this build was running", b);
        r.assertLogContains("evidence sealed: midway-v1.4.0-evidence.zip", b);
        assertTrue(TestSupport.ledger(b).stream()
                .anyMatch(e -> e.type().equals("evidence-recorded")
                        && e.payload().path("kind").asText().equals("policy-changed")));
        TestSupport.verifiedBundle(r, r.createWebClient(), b, tmp);
    }

    @Test
    void aMissingEvidenceReasonNamesTheLedgerNotAJavaObject() throws Exception {
        WorkflowJob p = r.createProject(WorkflowJob.class, "reason");
        TestSupport.putInWorkspace(
                p, "junit/surefire-TEST-ed.agenda.daoTest.TestAgendaDaoExcel.xml", "reports/TEST-a.xml");
        TestSupport.putInWorkspace(p, "cobertura/cobertura-maven-java.xml", "reports/coverage.xml");
        TestSupport.putInWorkspace(p, "sarif/trivy-medium-only.sarif", "reports/scan.sarif");
        // a major release requires risk-assessment evidence, which this build never records
        p.setDefinition(new CpsFlowDefinition(
                "node { releaseGate policy: 'acme', version: 'v2.0.0', previousVersion: 'v1.3.2', "
                        + "junit: 'reports/TEST-*.xml', coverage: 'reports/coverage.xml', sarif: 'reports/*.sarif' }",
                true));
        WorkflowRun b = r.assertBuildStatus(Result.FAILURE, p.scheduleBuild2(0));
        r.assertLogContains("no risk-assessment evidence is recorded in the release's evidence ledger", b);
        assertFalse(TestSupport.ledgerText(b).contains("$$Lambda"));
    }
}
