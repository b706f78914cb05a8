package io.jenkins.plugins.relgov.plugin;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.cloudbees.plugins.credentials.CredentialsScope;
import com.cloudbees.plugins.credentials.SystemCredentialsProvider;
import com.sun.net.httpserver.HttpServer;
import hudson.model.Result;
import hudson.util.Secret;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import org.jenkinsci.plugins.plaincredentials.impl.StringCredentialsImpl;
import org.jenkinsci.plugins.workflow.cps.CpsFlowDefinition;
import org.jenkinsci.plugins.workflow.job.WorkflowJob;
import org.jenkinsci.plugins.workflow.job.WorkflowRun;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

/**
 * autoRollback in real pipelines. Prometheus is outside the system under test; its HTTP API is played by
 * a loopback server answering {@code /api/v1/query} in Prometheus's documented response format (core's
 * analysis tests run against a real Prometheus).
 */
@WithJenkins
class AutoRollbackStepTest {

    private JenkinsRule r;
    private HttpServer prometheus;
    private final AtomicReference<String> errorRatio = new AtomicReference<>("0.01");
    private final List<String> authorizations = new CopyOnWriteArrayList<>();

    @BeforeEach
    void setUp(JenkinsRule r) throws Exception {
        this.r = r;
        TestSupport.installAcme();
        prometheus = TestSupport.prometheus(
                errorRatio::get,
                x -> authorizations.add(String.valueOf(x.getRequestHeaders().getFirst("Authorization"))));
    }

    @AfterEach
    void stop() {
        prometheus.stop(0);
    }

    private String pipeline(String window) {
        String url = TestSupport.url(prometheus);
        return "recordEvidence policy: 'acme', version: 'v1.4.0', previousVersion: 'v1.3.2', environment: 'staging', "
                + "type: 'risk-assessment', data: [risk: 'low']\n"
                + "autoRollback(prometheusUrl: '" + url + "', window: '" + window + "', interval: '1s') {\n"
                + "  echo \"ROLLING BACK to ${env.RELGOV_ROLLBACK_VERSION}\"\n"
                + "}\n"
                + "echo 'after autoRollback'";
    }

    @Test
    void aBreachRunsTheRollbackBodyAndFailsTheBuild() throws Exception {
        errorRatio.set("0.2"); // 20% errors > the 5% rollback trigger
        WorkflowJob p = r.createProject(WorkflowJob.class, "breach");
        p.setDefinition(new CpsFlowDefinition(pipeline("30s"), true));
        WorkflowRun b = r.assertBuildStatus(Result.FAILURE, p.scheduleBuild2(0));
        r.assertLogContains("ROLLING BACK to v1.3.2", b);
        r.assertLogContains("after autoRollback", b); // the step itself completes; post steps still run
        assertTrue(TestSupport.types(b).contains("rollback"));
    }

    @Test
    void aHealthyReleaseIsRecordedAndNotRolledBack() throws Exception {
        errorRatio.set("0.01");
        WorkflowJob p = r.createProject(WorkflowJob.class, "healthy");
        p.setDefinition(new CpsFlowDefinition(pipeline("3s"), true));
        WorkflowRun b = r.assertBuildStatusSuccess(p.scheduleBuild2(0));
        r.assertLogNotContains("ROLLING BACK", b);
        assertFalse(TestSupport.types(b).contains("rollback"));
        assertTrue(BuildLedger.of(b).recordedKinds().contains("post-deploy-analysis"));
    }

    @Test
    void theGlobalPrometheusTokenNeverGoesToAUrlTheJenkinsfileChose() throws Exception {
        SystemCredentialsProvider.getInstance()
                .getCredentials()
                .add(new StringCredentialsImpl(
                        CredentialsScope.GLOBAL,
                        "prometheus-token",
                        "admin's Prometheus token",
                        Secret.fromString("s3cr3t-token")));
        SystemCredentialsProvider.getInstance().save();
        GovernanceConfiguration.get().setPrometheusUrl("https://prometheus.internal.example");
        GovernanceConfiguration.get().setPrometheusCredentialsId("prometheus-token");
        WorkflowJob p = r.createProject(WorkflowJob.class, "exfiltrate");
        p.setDefinition(new CpsFlowDefinition(pipeline("3s"), true)); // names its own prometheusUrl
        r.assertBuildStatusSuccess(p.scheduleBuild2(0));
        assertFalse(authorizations.isEmpty());
        assertTrue(authorizations.stream().allMatch("null"::equals), authorizations.toString());
    }

    @Test
    void aJenkinsfileCannotShortenThePolicysMonitoringWindow() throws Exception {
        WorkflowJob p = r.createProject(WorkflowJob.class, "shorter");
        p.setDefinition(new CpsFlowDefinition(pipeline("1s"), true)); // acme watches for 3s at least
        WorkflowRun b = r.assertBuildStatus(Result.FAILURE, p.scheduleBuild2(0));
        r.assertLogContains("window 1s is shorter than policy 'acme' monitoringWindow", b);
        r.assertLogNotContains("ROLLING BACK", b);
    }

    @Test
    void anUnreachablePrometheusFailsSafeIntoTheRollback() throws Exception {
        prometheus.stop(0);
        WorkflowJob p = r.createProject(WorkflowJob.class, "unreachable");
        p.setDefinition(new CpsFlowDefinition(
                pipeline("30s").replace("interval: '1s'", "interval: '1s', consecutiveErrorLimit: 1"), true));
        WorkflowRun b = r.assertBuildStatus(Result.FAILURE, p.scheduleBuild2(0));
        r.assertLogContains("ROLLING BACK", b);
    }

    @Test
    void aPolicyRequiringHealthChecksRefusesToWatchWithoutThem() throws Exception {
        WorkflowJob p = r.createProject(WorkflowJob.class, "nohealth");
        String url = TestSupport.url(prometheus);
        p.setDefinition(new CpsFlowDefinition(
                "autoRollback(policy: 'inopsio', version: '2.5.0', previousVersion: '2.4.1', " + "prometheusUrl: '"
                        + url + "') { echo 'ROLLING BACK' }",
                true));
        WorkflowRun b = r.assertBuildStatus(Result.FAILURE, p.scheduleBuild2(0));
        r.assertLogContains("policy 'inopsio' requires post-deploy health checks to pass", b);
        r.assertLogContains("healthChecks: [[name: 'api', url:", b);
    }

    @Test
    void healthChecksAreWatchedBesideTheMetricsAndRecorded() throws Exception {
        List<String> probes = new CopyOnWriteArrayList<>();
        prometheus.createContext("/healthz", x -> {
            probes.add(x.getRequestMethod());
            x.sendResponseHeaders(200, -1);
            x.close();
        });
        errorRatio.set("0.01");
        WorkflowJob p = r.createProject(WorkflowJob.class, "health");
        String base = TestSupport.url(prometheus);
        p.setDefinition(new CpsFlowDefinition(
                "recordEvidence policy: 'acme', version: 'v1.4.0', previousVersion: 'v1.3.2', "
                        + "environment: 'staging', type: 'risk-assessment', data: [risk: 'low']\n"
                        + "autoRollback(prometheusUrl: '" + base + "', window: '3s', interval: '1s', "
                        + "healthChecks: [[name: 'api', url: '" + base + "/healthz']]) { echo 'ROLLING BACK' }",
                true));
        WorkflowRun b = r.assertBuildStatusSuccess(p.scheduleBuild2(0));
        assertFalse(probes.isEmpty());
        assertTrue(TestSupport.ledger(b).stream()
                .anyMatch(e -> e.payload().path("kind").asText().equals("post-deploy-analysis")
                        && e.payload().path("record").path("metrics").toString().contains("health:api")));
    }
}
