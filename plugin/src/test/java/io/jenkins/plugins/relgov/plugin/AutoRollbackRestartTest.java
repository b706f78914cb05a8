package io.jenkins.plugins.relgov.plugin;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
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
        // Prometheus's HTTP API (outside the system under test), healthy: 1% errors
        HttpServer prometheus = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        prometheus.createContext("/api/v1/query", x -> {
            byte[] b = ("{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":[{\"metric\":{},"
                    + "\"value\":[" + System.currentTimeMillis() / 1000.0 + ",\"0.01\"]}]}}").getBytes(StandardCharsets.UTF_8);
            x.sendResponseHeaders(200, b.length);
            try (OutputStream out = x.getResponseBody()) {
                out.write(b);
            }
        });
        prometheus.start();
        String url = "http://127.0.0.1:" + prometheus.getAddress().getPort();
        try {
            sessions.then(r -> {
                TestSupport.installAcme();
                WorkflowJob p = r.createProject(WorkflowJob.class, "watch");
                p.setDefinition(new CpsFlowDefinition(
                        "recordEvidence policy: 'acme', version: 'v1.4.1', previousVersion: 'v1.4.0', type: 'risk-assessment', data: [risk: 'low']\n"
                                + "autoRollback(prometheusUrl: '" + url + "', window: '15s', interval: '1s') { echo 'ROLLING BACK' }\n"
                                + "echo 'watched'", true));
                WorkflowRun b = p.scheduleBuild2(0).waitForStart();
                r.waitForMessage("without an executor", b);
            });
            sessions.then(r -> {
                WorkflowRun b = r.jenkins.getItemByFullName("watch", WorkflowJob.class).getBuildByNumber(1);
                r.waitForMessage("resuming post-deploy analysis after a restart", b);
                r.assertBuildStatusSuccess(r.waitForCompletion(b));
                r.assertLogContains("watched", b);
                r.assertLogNotContains("ROLLING BACK", b);
                assertTrue(BuildLedger.of(b).recordedKinds().contains("post-deploy-analysis"));
            });
        } finally {
            prometheus.stop(0);
        }
    }
}
