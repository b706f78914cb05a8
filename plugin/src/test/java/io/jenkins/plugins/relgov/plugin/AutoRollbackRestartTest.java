package io.jenkins.plugins.relgov.plugin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import hudson.model.Result;
import java.util.concurrent.atomic.AtomicInteger;
import org.jenkinsci.plugins.workflow.cps.CpsFlowDefinition;
import org.jenkinsci.plugins.workflow.job.WorkflowJob;
import org.jenkinsci.plugins.workflow.job.WorkflowRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.jvnet.hudson.test.junit.jupiter.JenkinsSessionExtension;

/** A controller restart during the post-deploy analysis loses nothing: the analysis resumes and decides. */
class AutoRollbackRestartTest {

    @RegisterExtension
    private final JenkinsSessionExtension sessions = new JenkinsSessionExtension();

    @Test
    void analysisResumesAfterARestart() throws Throwable {
        HttpServer prometheus = TestSupport.prometheus(() -> "0.01"); // healthy: 1% errors
        String url = TestSupport.url(prometheus);
        try {
            sessions.then(r -> {
                TestSupport.installAcme();
                WorkflowJob p = r.createProject(WorkflowJob.class, "watch");
                p.setDefinition(new CpsFlowDefinition(
                        "recordEvidence policy: 'acme', version: 'v1.4.1', previousVersion: 'v1.4.0', type: 'risk-assessment', data: [risk: 'low']\n"
                                + "autoRollback(prometheusUrl: '" + url
                                + "', window: '15s', interval: '1s') { echo 'ROLLING BACK' }\n"
                                + "echo 'watched'",
                        true));
                WorkflowRun b = p.scheduleBuild2(0).waitForStart();
                r.waitForMessage("without an executor", b);
            });
            sessions.then(r -> {
                WorkflowRun b =
                        r.jenkins.getItemByFullName("watch", WorkflowJob.class).getBuildByNumber(1);
                r.waitForMessage("resuming the post-deploy analysis after a restart", b);
                r.assertBuildStatusSuccess(r.waitForCompletion(b));
                r.assertLogContains("watched", b);
                r.assertLogNotContains("ROLLING BACK", b);
                assertTrue(BuildLedger.of(b).recordedKinds().contains("post-deploy-analysis"));
            });
        } finally {
            prometheus.stop(0);
        }
    }

    @Test
    void measurementsBeforeARestartStillDecide() throws Throwable {
        // 3% errors for the first three measurements, then 1%: neither healthy (< 2%) nor a breach (> 5%) at first,
        // so the analysis ends Inconclusive (UNSTABLE). Losing the first measurements in a restart made it SUCCESS.
        AtomicInteger queries = new AtomicInteger();
        HttpServer prometheus = TestSupport.prometheus(() -> queries.incrementAndGet() <= 3 ? "0.03" : "0.01");
        String url = TestSupport.url(prometheus);
        try {
            sessions.then(r -> {
                TestSupport.installAcme();
                WorkflowJob p = r.createProject(WorkflowJob.class, "watch");
                p.setDefinition(new CpsFlowDefinition(
                        "recordEvidence policy: 'acme', version: 'v1.4.1', previousVersion: 'v1.4.0', type: 'risk-assessment', data: [risk: 'low']\n"
                                + "autoRollback(prometheusUrl: '" + url
                                + "', window: '20s', interval: '1s') { echo 'ROLLING BACK' }",
                        true));
                WorkflowRun b = p.scheduleBuild2(0).waitForStart();
                for (int i = 0; i < 300 && queries.get() < 3; i++) {
                    Thread.sleep(100);
                }
                Thread.sleep(300); // the third round is saved before the restart
            });
            sessions.then(r -> {
                WorkflowRun b =
                        r.jenkins.getItemByFullName("watch", WorkflowJob.class).getBuildByNumber(1);
                r.assertBuildStatus(Result.UNSTABLE, r.waitForCompletion(b));
                JsonNode record = BuildLedger.of(b).events().stream()
                        .filter(e -> e.payload().path("kind").asText().equals("post-deploy-analysis"))
                        .findFirst()
                        .orElseThrow()
                        .payload()
                        .path("record");
                assertEquals("Inconclusive", record.path("phase").asText());
                long before = 0;
                for (JsonNode m : record.path("measurements")) {
                    if (m.path("value").asText().contains("0.03")) {
                        before++;
                    }
                }
                assertTrue(before >= 3, "the ledger holds the measurements taken before the restart: " + record);
            });
        } finally {
            prometheus.stop(0);
        }
    }
}
