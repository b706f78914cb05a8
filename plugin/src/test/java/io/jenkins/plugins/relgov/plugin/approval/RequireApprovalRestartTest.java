package io.jenkins.plugins.relgov.plugin.approval;

import static io.jenkins.plugins.relgov.plugin.approval.ApprovalFixture.MAJOR;
import static io.jenkins.plugins.relgov.plugin.approval.ApprovalFixture.request;
import static io.jenkins.plugins.relgov.plugin.approval.ApprovalFixture.rest;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.jenkinsci.plugins.workflow.graph.FlowGraphWalker;
import org.jenkinsci.plugins.workflow.graph.FlowNode;
import org.jenkinsci.plugins.workflow.job.WorkflowJob;
import org.jenkinsci.plugins.workflow.job.WorkflowRun;
import org.jenkinsci.plugins.workflow.support.actions.PauseAction;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.jvnet.hudson.test.junit.jupiter.JenkinsSessionExtension;

/** A controller restart while approvals are pending loses nothing. */
class RequireApprovalRestartTest {

    @RegisterExtension
    final JenkinsSessionExtension sessions = new JenkinsSessionExtension();

    @Test
    void approvalsGivenBeforeAndAfterARestartCompleteTheStep() throws Throwable {
        sessions.then(r -> {
            ApprovalFixture.security(r);
            WorkflowJob p = ApprovalFixture.job(r, "shop", MAJOR);
            WorkflowRun b = ApprovalFixture.startAs(r, p, "trent");
            assertEquals(
                    200,
                    rest(r, b, "alice", "decision=approve&comment=before+restart")
                            .status());
            assertEquals(List.of("ciso (1 more)"), request(b).getMissing());
            assertEquals(
                    403,
                    rest(r, b, "mallory", "decision=approve").status(),
                    "a refusal before the restart is recorded too");
        });
        sessions.then(r -> {
            ApprovalFixture.security(r);
            WorkflowRun b =
                    r.jenkins.getItemByFullName("shop", WorkflowJob.class).getBuildByNumber(1);
            assertTrue(b.isBuilding(), "the step resumed waiting");
            ApprovalRequest req = request(b);
            assertEquals("OPEN", req.getStatus());
            assertEquals(List.of("ciso (1 more)"), req.getMissing(), "alice's approval survived");
            assertTrue(
                    req.getRefusals().stream().anyMatch(l -> l.getUser().equals("mallory")), "and mallory's refusal");
            // the inbox still lists it for bob after the restart
            assertEquals(
                    1,
                    r.createWebClient()
                            .withBasicApiToken("bob")
                            .getJSON("release-approvals/api/json?depth=1")
                            .getJSONObject()
                            .getJSONArray("items")
                            .size());

            var answer = rest(r, b, "bob", "decision=approve&comment=after+restart");
            assertEquals(200, answer.status(), answer.body());
            r.assertBuildStatusSuccess(r.waitForCompletion(b));
            r.assertLogContains("STATUS=APPROVED", b);
            for (FlowNode n : new FlowGraphWalker(b.getExecution())) {
                for (PauseAction pause : PauseAction.getPauseActions(n)) {
                    assertFalse(pause.isPaused(), "the pause ended");
                }
            }
            // the execution itself is not persisted in build.xml: only the request's event log is
            String xml = java.nio.file.Files.readString(new java.io.File(b.getRootDir(), "build.xml").toPath());
            assertFalse(xml.contains(RequireApprovalExecution.class.getName()));
            assertTrue(xml.contains("approved"), "the engine's event log is in build.xml");
        });
    }

    @Test
    void aDeadlineThatPassedDuringTheRestartTimesTheRequestOut() throws Throwable {
        sessions.then(r -> {
            ApprovalFixture.security(r);
            WorkflowJob p = ApprovalFixture.job(
                    r,
                    "shop",
                    "requireApproval policy: 'inopsio', version: '3.0.0',"
                            + " previousVersion: '2.4.1', environment: 'production', timeout: '5s'");
            ApprovalFixture.startAs(r, p, "trent");
        });
        Thread.sleep(5_000);
        sessions.then(r -> {
            WorkflowRun b =
                    r.jenkins.getItemByFullName("shop", WorkflowJob.class).getBuildByNumber(1);
            r.assertBuildStatus(hudson.model.Result.ABORTED, r.waitForCompletion(b));
            assertEquals("TIMED_OUT", request(b).getStatus());
        });
    }
}
