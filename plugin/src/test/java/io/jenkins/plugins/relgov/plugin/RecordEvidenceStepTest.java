package io.jenkins.plugins.relgov.plugin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import hudson.model.Result;
import io.jenkins.plugins.relgov.evidence.Ledger;
import io.jenkins.plugins.relgov.evidence.LedgerEvent;
import java.util.List;
import org.jenkinsci.plugins.workflow.cps.CpsFlowDefinition;
import org.jenkinsci.plugins.workflow.job.WorkflowJob;
import org.jenkinsci.plugins.workflow.job.WorkflowRun;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

@WithJenkins
class RecordEvidenceStepTest {

    private static final String RELEASE = "policy: 'acme', version: 'v2.0.0', previousVersion: 'v1.3.2'";

    private JenkinsRule r;

    @BeforeEach
    void setUp(JenkinsRule r) throws Exception {
        this.r = r;
        TestSupport.installAcme();
    }

    @Test
    void recordsFilesAndRecordsWithTheirControls() throws Exception {
        WorkflowJob p = r.createProject(WorkflowJob.class, "evidence");
        p.setDefinition(new CpsFlowDefinition(
                "node {\n"
                        + "  writeFile file: 'docs/risk.md', text: '# Risk assessment: low'\n"
                        + "  recordEvidence " + RELEASE + ", type: 'risk-assessment', files: 'docs/*.md'\n"
                        + "  recordEvidence type: 'test-summary', data: [tests: 120, failures: 0, suite: \"unit ${env.BUILD_NUMBER}\"]\n"
                        + "}",
                true));
        WorkflowRun b = r.assertBuildStatusSuccess(p.scheduleBuild2(0));

        List<LedgerEvent> events = TestSupport.ledger(b);
        LedgerEvent file = events.stream()
                .filter(e -> e.payload().path("kind").asText().equals("risk-assessment"))
                .findFirst()
                .orElseThrow();
        assertEquals("docs/risk.md", file.payload().path("file").path("path").asText());
        assertEquals(64, file.payload().path("file").path("sha256").asText().length());
        assertTrue(file.payload().path("controls").toString().contains("ISO27001-A.14"));
        assertTrue(b.getArtifactManager()
                .root()
                .child("release-governance/evidence/docs/risk.md")
                .isFile());

        LedgerEvent record = events.stream()
                .filter(e -> e.payload().path("kind").asText().equals("test-summary"))
                .findFirst()
                .orElseThrow();
        assertEquals(120, record.payload().path("record").path("tests").asInt());
        assertEquals("unit 1", record.payload().path("record").path("suite").asText()); // a GString, as plain text
        // the chain on disk is intact and names the kinds the gate will look for
        assertTrue(Ledger.verifyChain(events, "ledger.jsonl").isEmpty());
        assertTrue(BuildLedger.of(b).recordedKinds().containsAll(List.of("risk-assessment", "test-summary")));
    }

    @Test
    void parallelBranchesNeverForkTheChain() throws Exception {
        WorkflowJob p = r.createProject(WorkflowJob.class, "parallel");
        StringBuilder branches = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            branches.append("b")
                    .append(i)
                    .append(": { recordEvidence type: 'test-summary', data: [branch: ")
                    .append(i)
                    .append("] },\n");
        }
        p.setDefinition(new CpsFlowDefinition(
                "recordEvidence " + RELEASE + ", type: 'risk-assessment', data: [risk: 'low']\n" + "parallel("
                        + branches + "failFast: true)",
                true));
        WorkflowRun b = r.assertBuildStatusSuccess(p.scheduleBuild2(0));
        List<LedgerEvent> events = TestSupport.ledger(b);
        assertEquals(1 + 1 + 8, events.size()); // release-started, risk record, 8 branches
        assertTrue(Ledger.verifyChain(events, "ledger.jsonl").isEmpty());
    }

    @Test
    void evidenceFilesAreNeverReplaced() throws Exception {
        WorkflowJob p = r.createProject(WorkflowJob.class, "twice");
        p.setDefinition(new CpsFlowDefinition(
                "node {\n"
                        + "  writeFile file: 'r.md', text: 'first'\n"
                        + "  recordEvidence " + RELEASE + ", type: 'risk-assessment', files: 'r.md'\n"
                        + "  writeFile file: 'r.md', text: 'second'\n"
                        + "  recordEvidence type: 'risk-assessment', files: 'r.md'\n"
                        + "}",
                true));
        WorkflowRun b = r.assertBuildStatus(Result.FAILURE, p.scheduleBuild2(0));
        r.assertLogContains("r.md is already recorded in this build", b);
    }

    @Test
    void filesOutsideTheWorkspaceAreRefused() throws Exception {
        WorkflowJob p = r.createProject(WorkflowJob.class, "traversal");
        p.setDefinition(new CpsFlowDefinition(
                "node { recordEvidence " + RELEASE + ", type: 'risk-assessment', files: '../../../config.xml' }",
                true));
        WorkflowRun b = r.assertBuildStatus(Result.FAILURE, p.scheduleBuild2(0));
        r.assertLogContains("recordEvidence:", b);
        assertTrue(b.getArtifactManager()
                        .root()
                        .child("release-governance/evidence")
                        .list()
                        .length
                == 0);
    }

    @Test
    void anInvalidKindIsRefusedBeforeAnythingIsRecorded() throws Exception {
        WorkflowJob p = r.createProject(WorkflowJob.class, "badkind");
        p.setDefinition(new CpsFlowDefinition("recordEvidence " + RELEASE + ", type: '../../etc', data: [x: 1]", true));
        WorkflowRun b = r.assertBuildStatus(Result.FAILURE, p.scheduleBuild2(0));
        r.assertLogContains("type must be an evidence kind", b);
        assertEquals(null, GovernedRelease.of(b));
    }
}
