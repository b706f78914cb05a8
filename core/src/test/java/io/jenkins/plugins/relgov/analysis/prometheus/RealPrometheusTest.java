package io.jenkins.plugins.relgov.analysis.prometheus;

import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.relgov.analysis.AnalysisPhase;
import io.jenkins.plugins.relgov.analysis.AnalysisResult;
import io.jenkins.plugins.relgov.analysis.AnalysisRunner;
import io.jenkins.plugins.relgov.analysis.AnalysisSpec;
import io.jenkins.plugins.relgov.analysis.LiveSource;
import io.jenkins.plugins.relgov.analysis.Measurement;
import io.jenkins.plugins.relgov.analysis.MetricSpec;
import io.jenkins.plugins.relgov.analysis.PolicyAnalysis;
import io.jenkins.plugins.relgov.analysis.PolicyAnalysisTest;
import io.jenkins.plugins.relgov.analysis.argo.ArgoTemplates;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The analysis engine against a real Prometheus scraping an exporter the test controls, every second.
 * Scenarios: healthy, degrading (with its detection latency printed), flapping, empty, unreachable, and the
 * inopsio policy's own queries and thresholds.
 */
class RealPrometheusTest {

    @TempDir
    static Path dir;

    static TestExporter exporter;
    static PrometheusServer prometheus;

    @BeforeAll
    static void start() throws Exception {
        exporter = new TestExporter();
        exporter.scenario("healthy", () -> 0.01);
        exporter.scenario("flapping", () -> (System.currentTimeMillis() / 3000) % 2 == 0 ? 0.0 : 0.3);
        prometheus = PrometheusServer.start(dir, exporter.target());
        // wait until rates over a few scrapes exist
        PrometheusClient client = new PrometheusClient(prometheus.address());
        Instant deadline = Instant.now().plusSeconds(20);
        while (client.query("sum(rate(app_requests_total{scenario=\"healthy\"}[3s]))", Instant.now())
                        .lastValues()
                        .length
                == 0) {
            assertThat(Instant.now()).as("Prometheus scraped the exporter").isBefore(deadline);
            Thread.sleep(200);
        }
    }

    @AfterAll
    static void stop() {
        if (prometheus != null) {
            prometheus.close();
        }
        if (exporter != null) {
            exporter.close();
        }
    }

    static AnalysisSpec template(String scenario, String extra) {
        String yaml = """
                apiVersion: argoproj.io/v1alpha1
                kind: AnalysisTemplate
                metadata: {name: error-rate}
                spec:
                  args:
                    - name: scenario
                  metrics:
                    - name: error-rate
                      interval: 1s
                      successCondition: len(result) > 0 && result[0] <= 0.05
                      failureCondition: result[0] > 0.05
                """ + extra.indent(6) + """
                      provider:
                        prometheus:
                          address: http://prometheus.monitoring.svc:9090
                          query: |
                            sum(rate(app_requests_total{scenario="{{args.scenario}}",code=~"5.."}[3s]))
                              / sum(rate(app_requests_total{scenario="{{args.scenario}}"}[3s]))
                """;
        return ArgoTemplates.parse(
                yaml,
                "template.yaml",
                Map.of("scenario", scenario),
                null,
                prometheus.address(),
                Duration.ofSeconds(30));
    }

    static AnalysisResult run(AnalysisSpec spec) throws InterruptedException {
        return new AnalysisRunner(new LiveSource()).run(spec, (m, n) -> System.out.println("  " + m.describe(n)));
    }

    @Test
    void healthyReleaseIsSuccessful() throws Exception {
        AnalysisResult r = run(template("healthy", "count: 3"));
        assertThat(r.phase()).as(r.reason()).isEqualTo(AnalysisPhase.SUCCESSFUL);
        assertThat(r.measurements())
                .hasSize(3)
                .allSatisfy(m -> assertThat(m.value()).isEqualTo("[0.01]"));
        assertThat(r.detectionLatency()).isEmpty();
    }

    @Test
    void degradingReleaseFailsWithinOneIntervalOfTheFailureLimit() throws Exception {
        AtomicReference<Instant> onset = new AtomicReference<>();
        Instant degradeAt = Instant.now().plusSeconds(2);
        exporter.scenario("degrading", () -> {
            if (Instant.now().isBefore(degradeAt)) {
                return 0.0;
            }
            onset.compareAndSet(null, Instant.now());
            return 0.2;
        });
        AnalysisResult r = run(template("degrading", "failureLimit: 2\ncount: 20\ninitialDelay: 2s"));

        assertThat(r.phase()).as(r.reason()).isEqualTo(AnalysisPhase.FAILED);
        assertThat(r.reason())
                .contains(
                        "error-rate [0.2]",
                        "result[0] > 0.05",
                        "3 failed measurements (3 consecutive) > failureLimit 2");
        Duration latency = r.detectionLatency().orElseThrow();
        Duration interval = Duration.ofSeconds(1);
        Duration limitReached = interval.multipliedBy(2); // failureLimit intervals after the first breach
        System.out.printf(
                "degrading: onset->first breaching sample %d ms, first breach->decision %d ms"
                        + " (failure limit reached after %d ms; goal <= %d ms)%n",
                Duration.between(onset.get(), r.firstBreachAt()).toMillis(),
                latency.toMillis(),
                limitReached.toMillis(),
                limitReached.plus(interval).toMillis());
        assertThat(latency).isLessThanOrEqualTo(limitReached.plus(interval));
        assertThat(r.measurements())
                .filteredOn(m -> m.phase() == AnalysisPhase.SUCCESSFUL)
                .isNotEmpty();
    }

    @Test
    void flappingWithinTheFailureLimitIsTolerated() throws Exception {
        // count must exceed failureLimit (Argo refuses a smaller count; at an equal one nothing could fail)
        AnalysisResult r = run(template("flapping", "failureLimit: 8\ncount: 9"));
        assertThat(r.phase()).as(r.reason()).isEqualTo(AnalysisPhase.SUCCESSFUL);
        assertThat(r.measurements())
                .extracting(Measurement::phase)
                .contains(AnalysisPhase.SUCCESSFUL, AnalysisPhase.FAILED);
        assertThat(r.metrics().get(0).failed()).isBetween(1, 8);
    }

    @Test
    void emptyResultIsInconclusiveByDefault() throws Exception {
        MetricSpec metric = MetricSpec.of(
                "error-rate",
                new io.jenkins.plugins.relgov.analysis.Provider.PrometheusQuery(
                        prometheus.address(), "sum(rate(app_requests_total{scenario=\"none\"}[3s]))", null),
                null,
                "result[0] > 0.05");
        AnalysisSpec spec = new AnalysisSpec(java.util.List.of(metric), null);
        AnalysisResult r = run(spec);
        assertThat(r.phase()).as(r.reason()).isEqualTo(AnalysisPhase.INCONCLUSIVE);
        assertThat(r.measurements().get(0).value()).isEqualTo("[]");
        assertThat(r.reason()).contains("empty result");
    }

    @Test
    void unreachablePrometheusEndsInErrorNeverSuccess() throws Exception {
        URI dead = URI.create("http://127.0.0.1:" + PrometheusServer.freePort());
        String yaml = """
                metrics:
                  - name: error-rate
                    interval: 200ms
                    count: 3
                    consecutiveErrorLimit: 2
                    failureCondition: result[0] > 0.05
                    provider:
                      prometheus:
                        address: %s
                        query: vector(0)
                """.formatted(dead);
        AnalysisResult r = run(ArgoTemplates.parse(yaml, "dead.yaml", Map.of(), null, null, null));
        assertThat(r.phase()).as(r.reason()).isEqualTo(AnalysisPhase.ERROR);
        assertThat(r.reason()).contains("3 consecutive measurement errors > consecutiveErrorLimit 2", "unreachable");
        assertThat(r.rollbackAdvised()).isTrue();
    }

    @Test
    void nanAndInfinityComeBackAsNumbers() throws Exception {
        PrometheusClient client = new PrometheusClient(prometheus.address());
        assertThat(client.query("0/0", Instant.now()).lastValues()[0]).isNaN();
        assertThat(client.query("1/0", Instant.now()).lastValues()[0])
                .isInfinite()
                .isPositive();
        assertThat(client.query("vector(-1/0)", Instant.now()).lastValues()[0])
                .isInfinite()
                .isNegative();
        QueryResult range = client.queryRange(
                "sum(app_requests_total{scenario=\"healthy\"})",
                Instant.now().minusSeconds(3),
                Instant.now(),
                Duration.ofSeconds(1));
        assertThat(range.resultType()).isEqualTo("matrix");
        assertThat(range.series().get(0).points()).hasSizeGreaterThanOrEqualTo(2);
    }

    @Test
    void prometheusErrorsAreNamed() {
        PrometheusClient client = new PrometheusClient(prometheus.address());
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> client.query("sum(", Instant.now()))
                .isInstanceOf(PrometheusException.class)
                .hasMessageContaining("bad_data")
                .matches(
                        e -> ((PrometheusException) e).isConfigurationError(),
                        "a rejected query is a configuration error");
    }

    @Test
    void inopsioPolicyRollsBackOnItsOwnThresholds() throws Exception {
        Instant degradeAt = Instant.now().plusSeconds(3);
        exporter.policy(() -> Instant.now().isBefore(degradeAt) ? 0.0 : 0.2, () -> 0.05);
        AnalysisSpec spec = PolicyAnalysis.compile(
                PolicyAnalysisTest.inopsio(),
                PolicyAnalysis.Overrides.of(prometheus.address())
                        .withInterval(Duration.ofSeconds(1))
                        .withLimits(1, null, null)
                        .withWindow(Duration.ofSeconds(20)));
        AnalysisResult r = run(spec);
        assertThat(r.phase()).as(r.reason()).isEqualTo(AnalysisPhase.FAILED);
        assertThat(r.reason()).containsAnyOf("error-rate", "tenant-impact").contains("> failureLimit 1");
        assertThat(r.measurements())
                .filteredOn(m -> m.metric().equals("latency"))
                .allSatisfy(m -> assertThat(m.phase()).isEqualTo(AnalysisPhase.SUCCESSFUL));
    }
}
