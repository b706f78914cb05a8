package io.jenkins.plugins.relgov.plugin.approval;

import static io.jenkins.plugins.relgov.plugin.approval.ApprovalFixture.MINOR;
import static io.jenkins.plugins.relgov.plugin.approval.ApprovalFixture.job;
import static io.jenkins.plugins.relgov.plugin.approval.ApprovalFixture.request;
import static io.jenkins.plugins.relgov.plugin.approval.ApprovalFixture.rest;
import static io.jenkins.plugins.relgov.plugin.approval.ApprovalFixture.startAs;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import hudson.model.Cause;
import hudson.model.CauseAction;
import hudson.model.Result;
import io.jenkins.plugins.relgov.approval.ApprovalStatus;
import io.jenkins.plugins.relgov.evidence.LedgerEvent;
import io.jenkins.plugins.relgov.plugin.GovernanceConfiguration;
import io.jenkins.plugins.relgov.plugin.GovernedRelease;
import io.jenkins.plugins.relgov.plugin.NamedPolicy;
import io.jenkins.plugins.relgov.plugin.TestSupport;
import java.util.List;
import org.jenkinsci.plugins.workflow.job.WorkflowJob;
import org.jenkinsci.plugins.workflow.job.WorkflowRun;
import org.jenkinsci.plugins.workflow.test.steps.SemaphoreStep;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

/**
 * Stale approvals: approvers never sign off a release that is no longer the one going out. A newer build of the
 * same job for the same environment supersedes an older build's open request, unless the policy says otherwise;
 * a request in a stage that is skipped never opens.
 */
@WithJenkins
class StaleApprovalsTest {

    private JenkinsRule r;

    @BeforeEach
    void setUp(JenkinsRule rule) {
        r = rule;
        ApprovalFixture.security(r);
    }

    @Test
    void aNewerBuildSupersedesTheOlderPendingRequestWhichIsRecorded() throws Exception {
        WorkflowJob p = job(r, "billing", MINOR);
        WorkflowRun b1 = startAs(r, p, "trent");
        assertEquals(200, rest(r, b1, "carol", "decision=approve").status()); // half-way through the quorum

        WorkflowRun b2 = startAs(r, p, "trent");
        r.assertBuildStatus(Result.ABORTED, r.waitForCompletion(b1));
        r.assertLogContains("Release approval superseded by billing#2", b1);
        r.assertLogContains("superseded approval request 1 of billing #1 (2.5.0 to production)", b2);
        assertEquals("SUPERSEDED", request(b1).getStatus());
        assertEquals(ApprovalStatus.SUPERSEDED, GovernedRelease.of(b1).getApprovalStatus());
        LedgerEvent last = TestSupport.ledger(b1).get(TestSupport.ledger(b1).size() - 1);
        assertEquals("approval-superseded", last.payload().path("kind").asText());
        assertEquals(
                "billing#2",
                last.payload().path("record").path("event").path("by").asText());

        // the old request takes no more decisions; the new one is the one approvers see and decide
        assertEquals(409, rest(r, b1, "dave", "decision=approve").status());
        assertEquals(List.of(b2.getUrl() + ApprovalAction.URL_NAME + "/"), inboxUrls("carol"));
        assertEquals(200, rest(r, b2, "carol", "decision=approve").status());
        assertEquals(200, rest(r, b2, "dave", "decision=approve").status());
        r.assertBuildStatusSuccess(r.waitForCompletion(b2));
    }

    @Test
    void anOlderBuildAskingAfterANewerOneIsSupersededAtOnce() throws Exception {
        WorkflowJob p = job(r, "billing", "semaphore 'before'\n" + MINOR);
        WorkflowRun b1 = p.scheduleBuild2(0, new CauseAction(new Cause.UserIdCause("trent")))
                .waitForStart();
        SemaphoreStep.waitForStart("before/1", b1);
        WorkflowRun b2 = p.scheduleBuild2(0, new CauseAction(new Cause.UserIdCause("trent")))
                .waitForStart();
        SemaphoreStep.waitForStart("before/2", b2);
        SemaphoreStep.success("before/2", null);
        r.waitForMessage("Waiting for", b2);
        SemaphoreStep.success("before/1", null);
        r.assertBuildStatus(Result.ABORTED, r.waitForCompletion(b1));
        assertEquals("SUPERSEDED", request(b1).getStatus());
        assertEquals("OPEN", request(b2).getStatus());
        b2.doStop();
        r.waitForCompletion(b2);
    }

    @Test
    void anEnvironmentWhosePolicySaysSoKeepsOlderRequestsOpen() throws Exception {
        GovernanceConfiguration.get()
                .setPolicies(
                        List.of(
                                new NamedPolicy(
                                        "acme",
                                        TestSupport.acmeYaml()
                                                .replace(
                                                        "production: {approval: manual, branches: [main, \"release/*\"]}",
                                                        "production: {approval: manual, branches: [main, \"release/*\"], supersedeOlderRequests: false}"))));
        WorkflowJob p = job(
                r,
                "billing",
                "requireApproval policy: 'acme', version: '2.5.0', previousVersion: '2.4.1',"
                        + " environment: 'production', branch: 'main'");
        WorkflowRun b1 = startAs(r, p, "trent");
        WorkflowRun b2 = startAs(r, p, "trent");
        assertEquals("OPEN", request(b1).getStatus());
        assertEquals("OPEN", request(b2).getStatus());
        assertEquals(200, rest(r, b1, "rita", "decision=approve").status());
        r.assertBuildStatusSuccess(r.waitForCompletion(b1));
        b2.doStop();
        r.waitForCompletion(b2);
    }

    @Test
    void otherEnvironmentsAndOtherJobsAreLeftAlone() throws Exception {
        GovernanceConfiguration.get()
                .setPolicies(
                        List.of(
                                new NamedPolicy(
                                        "acme",
                                        TestSupport.acmeYaml()
                                                .replace(
                                                        "production: {approval: manual, branches: [main, \"release/*\"]}",
                                                        "production: {approval: manual, branches: [main, \"release/*\"]}\n  dr: {approval: manual}"))));
        String script = "requireApproval policy: 'acme', version: '2.5.0', previousVersion: '2.4.1', branch: 'main',"
                + " environment: currentBuild.number == 1 ? 'production' : 'dr'";
        WorkflowJob billing = job(r, "billing", script);
        WorkflowRun production = startAs(r, billing, "trent");
        WorkflowRun dr = startAs(r, billing, "trent");
        WorkflowRun payments = startAs(r, job(r, "payments", script), "trent");
        assertEquals("OPEN", request(production).getStatus());
        assertEquals("OPEN", request(dr).getStatus());
        assertEquals("OPEN", request(payments).getStatus());
        for (WorkflowRun b : List.of(production, dr, payments)) {
            b.doStop();
            r.waitForCompletion(b);
        }
    }

    @Test
    void aRequestInASkippedStageNeverOpens() throws Exception {
        WorkflowJob p = job(r, "billing", """
                pipeline {
                  agent none
                  stages {
                    stage('Approve') {
                      when { expression { return false } }
                      steps {
                        requireApproval policy: 'inopsio', version: '2.5.0', previousVersion: '2.4.1', environment: 'production'
                      }
                    }
                  }
                }
                """);
        WorkflowRun b = r.buildAndAssertSuccess(p);
        r.assertLogContains("Stage \"Approve\" skipped due to when conditional", b);
        assertNull(b.getAction(ApprovalAction.class));
        assertEquals(List.of(), inboxUrls("carol"));
    }

    private List<String> inboxUrls(String user) throws Exception {
        var items = r.createWebClient()
                .withBasicApiToken(user)
                .getJSON("release-approvals/api/json?depth=1")
                .getJSONObject()
                .getJSONArray("items");
        return items.stream()
                .map(o -> ((net.sf.json.JSONObject) o).getString("url"))
                .toList();
    }
}
