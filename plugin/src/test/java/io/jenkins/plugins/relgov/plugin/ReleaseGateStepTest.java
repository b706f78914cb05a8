package io.jenkins.plugins.relgov.plugin;

import static io.jenkins.plugins.relgov.plugin.TestSupport.putInWorkspace;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import hudson.model.Result;
import io.jenkins.plugins.relgov.evidence.LedgerEvent;
import java.util.List;
import org.jenkinsci.plugins.workflow.cps.CpsFlowDefinition;
import org.jenkinsci.plugins.workflow.job.WorkflowJob;
import org.jenkinsci.plugins.workflow.job.WorkflowRun;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

/** releaseGate in real pipelines, on real reports from public projects (facts from PROVENANCE.md). */
@WithJenkins
class ReleaseGateStepTest {

    private JenkinsRule r;

    @BeforeEach
    void setUp(JenkinsRule r) throws Exception {
        this.r = r;
        TestSupport.installAcme();
    }

    private static String gate(String reports) {
        return "node { releaseGate policy: 'acme', version: 'v1.4.0', previousVersion: 'v1.3.2', " + reports + " }";
    }

    @Test
    void passesOnGreenReportsAndRecordsEveryCheck() throws Exception {
        WorkflowJob p = r.createProject(WorkflowJob.class, "green");
        // surefire: 3 tests, 0 failures; cobertura-maven-java: line-rate 1.0; trivy-medium-only: 0 critical
        putInWorkspace(p, "junit/surefire-TEST-ed.agenda.daoTest.TestAgendaDaoExcel.xml", "reports/TEST-a.xml");
        putInWorkspace(p, "cobertura/cobertura-maven-java.xml", "reports/coverage.xml");
        putInWorkspace(p, "sarif/trivy-medium-only.sarif", "reports/scan.sarif");
        p.setDefinition(new CpsFlowDefinition(
                gate("junit: 'reports/TEST-*.xml', coverage: 'reports/coverage.xml', sarif: 'reports/*.sarif'"), true));
        WorkflowRun b = r.assertBuildStatusSuccess(p.scheduleBuild2(0));

        r.assertLogContains("gate PASSED", b);
        r.assertLogContains("coverage.line", b); // the table names every check
        GovernedRelease release = GovernedRelease.of(b);
        assertEquals("minor", release.getTier());
        assertEquals("acme", release.getPolicyName());
        List<LedgerEvent> events = TestSupport.ledger(b);
        assertEquals("release-started", events.get(0).type());
        assertTrue(events.stream()
                .anyMatch(e -> e.type().equals("gate-evaluated")
                        && e.payload().path("gate").asText().equals("tests")
                        && e.payload().path("passed").asBoolean()));
        assertTrue(events.stream()
                .filter(e -> e.type().equals("gate-evaluated"))
                .allMatch(e -> e.payload().path("controls").toString().contains("SOC2-CC8.1")));
        // core's shape (GateEvidence): each check's detail carries the evaluation and the gate's own facts
        assertTrue(events.stream()
                .filter(e -> e.type().equals("gate-evaluated"))
                .map(e -> e.payload().path("detail"))
                .allMatch(d -> d.path("attempts").asInt() == 1
                        && d.path("outcome").asText().equals("PASSED")
                        && d.path("policy").asText().equals("acme")
                        && d.path("tier").asText().equals("minor")));
        // the ledger is served by the evidence page as it is now, never archived as a copy that goes stale
        assertFalse(b.getArtifactManager().root().child(BuildLedger.LEDGER).exists(), "ledger not archived");
    }

    @Test
    void failsNamingEveryFailedCheck() throws Exception {
        WorkflowJob p = r.createProject(WorkflowJob.class, "red");
        // playwright: 1 failure of 3; jacoco: 35.36% lines; trivy-critical-high: 3 critical
        putInWorkspace(p, "junit/playwright-junit-failure.xml", "reports/TEST-a.xml");
        putInWorkspace(p, "jacoco/jacoco-multi-package.xml", "reports/jacoco.xml");
        putInWorkspace(p, "sarif/trivy-critical-high.sarif", "reports/scan.sarif");
        p.setDefinition(new CpsFlowDefinition(
                gate("junit: 'reports/TEST-*.xml', coverage: 'reports/jacoco.xml', sarif: 'reports/*.sarif'"), true));
        WorkflowRun b = r.assertBuildStatus(Result.FAILURE, p.scheduleBuild2(0));

        r.assertLogContains("gate FAILED", b);
        r.assertLogContains("- tests:", b);
        r.assertLogContains("- coverage.line:", b);
        r.assertLogContains("- findings.critical:", b);
        assertTrue(TestSupport.ledger(b).stream()
                .anyMatch(e -> e.type().equals("gate-evaluated")
                        && e.payload().path("gate").asText().equals("findings.critical")
                        && !e.payload().path("passed").asBoolean()));
    }

    @Test
    void aPatternMatchingNothingIsAnErrorNotAPass() throws Exception {
        WorkflowJob p = r.createProject(WorkflowJob.class, "missing");
        p.setDefinition(new CpsFlowDefinition(gate("junit: 'nowhere/TEST-*.xml'"), true));
        WorkflowRun b = r.assertBuildStatus(Result.FAILURE, p.scheduleBuild2(0));
        r.assertLogContains("nowhere/TEST-*.xml", b);
    }

    @Test
    void aReportPatternCannotLeaveTheWorkspace() throws Exception {
        WorkflowJob p = r.createProject(WorkflowJob.class, "escape");
        p.setDefinition(new CpsFlowDefinition(gate("junit: '../../secrets/*.xml'"), true));
        WorkflowRun b = r.assertBuildStatus(Result.FAILURE, p.scheduleBuild2(0));
        r.assertLogContains("..", b);
        r.assertLogNotContains("gate PASSED", b);
    }

    @Test
    void laterStepsCannotSwitchTheRelease() throws Exception {
        WorkflowJob p = r.createProject(WorkflowJob.class, "switch");
        p.setDefinition(new CpsFlowDefinition(
                "recordEvidence policy: 'acme', version: 'v1.4.0', previousVersion: 'v1.3.2', type: 'risk-assessment', data: [risk: 'low']\n"
                        + "recordEvidence version: 'v2.0.0', type: 'risk-assessment', data: [risk: 'high']",
                true));
        WorkflowRun b = r.assertBuildStatus(Result.FAILURE, p.scheduleBuild2(0));
        r.assertLogContains("cannot change version (asked 'v2.0.0', is 'v1.4.0')", b);
    }

    @Test
    void aVersionNotAboveThePreviousIsRefused() throws Exception {
        WorkflowJob p = r.createProject(WorkflowJob.class, "backwards");
        p.setDefinition(new CpsFlowDefinition(
                "recordEvidence policy: 'acme', version: 'v1.3.0', previousVersion: 'v1.3.2', type: 'risk-assessment', data: [risk: 'low']",
                true));
        WorkflowRun b = r.assertBuildStatus(Result.FAILURE, p.scheduleBuild2(0));
        r.assertLogContains("Cannot classify release v1.3.0", b);
        assertEquals(null, GovernedRelease.of(b));
    }

    @Test
    void runsOnAnAgentWhereTheReportsAre() throws Exception {
        // reports are parsed where the workspace is; the parsed counts come back over the remoting channel,
        // which refuses classes from jars it does not know (core's jar declares itself safe)
        var agent = r.createOnlineSlave(hudson.model.Label.get("remote"));
        WorkflowJob p = r.createProject(WorkflowJob.class, "remote");
        hudson.FilePath ws = agent.getWorkspaceFor(p);
        new hudson.FilePath(TestSupport.fixture("junit/surefire-TEST-ed.agenda.daoTest.TestAgendaDaoExcel.xml"))
                .copyTo(ws.child("reports/TEST-a.xml"));
        new hudson.FilePath(TestSupport.fixture("cobertura/cobertura-maven-java.xml"))
                .copyTo(ws.child("reports/coverage.xml"));
        new hudson.FilePath(TestSupport.fixture("sarif/trivy-medium-only.sarif"))
                .copyTo(ws.child("reports/scan.sarif"));
        p.setDefinition(new CpsFlowDefinition(
                "node('remote') { releaseGate policy: 'acme', version: 'v1.4.0', "
                        + "previousVersion: 'v1.3.2', junit: 'reports/TEST-*.xml', coverage: 'reports/coverage.xml', "
                        + "sarif: 'reports/*.sarif' }",
                true));
        WorkflowRun b = r.assertBuildStatusSuccess(p.scheduleBuild2(0));
        r.assertLogContains("gate PASSED", b);
        r.assertLogNotContains("Rejected", b);
    }
}
