package io.jenkins.plugins.relgov.analysis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jenkins.plugins.relgov.analysis.ScriptedPrometheus.Answer;
import io.jenkins.plugins.relgov.analysis.argo.ArgoTemplates;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Issue 18: where relgov decided otherwise than Argo Rollouts, and failed open. Each case is an AnalysisTemplate as
 * users write it, measured for real over HTTP against a scripted Prometheus on loopback, on a simulated clock (so
 * intervals and retries cost no time and their times are exact).
 */
class ArgoParityTest {

    static final Instant T0 = Instant.parse("2026-11-22T10:00:00Z");

    ScriptedPrometheus prometheus;

    @BeforeEach
    void start() throws Exception {
        prometheus = ScriptedPrometheus.start();
    }

    @AfterEach
    void stop() {
        prometheus.close();
    }

    AnalysisSpec template(String metrics, Duration window) {
        return ArgoTemplates.parse(
                "metrics:\n" + metrics.indent(2), "analysis.yaml", Map.of(), null, prometheus.address(), window);
    }

    static AnalysisResult run(AnalysisSpec spec) throws InterruptedException {
        return new AnalysisRunner(new LiveSource(), Ticker.simulated(T0)).run(spec, AnalysisListener.NONE);
    }

    static final String LATENCY = """
            - name: latency
              successCondition: result[0] < 500
              failureCondition: result[0] > 10000
              provider: {prometheus: {query: latency}}
            """;
    static final String ERRORS = """
            - name: errors
              failureCondition: result[0] > 0.05
              consecutiveErrorLimit: 0
              provider: {prometheus: {query: errors}}
            """;

    /** 18.1: an Inconclusive metric listed first hid a Failed or Error one listed second. */
    @Test
    void theWorstMetricDecidesWhateverTheirOrder() throws Exception {
        for (String order : List.of(LATENCY + ERRORS, ERRORS + LATENCY)) {
            prometheus.script("latency", Answer.vector(700)).script("errors", Answer.vector(0.2));
            AnalysisResult failed = run(template(order, null));
            assertThat(failed.phase()).as(order).isEqualTo(AnalysisPhase.FAILED);
            assertThat(failed.rollbackAdvised()).isTrue();
            assertThat(failed.reason()).startsWith("errors [0.2]");
            assertThat(failed.metrics())
                    .extracting(MetricResult::name, MetricResult::phase)
                    .contains(
                            org.assertj.core.groups.Tuple.tuple("latency", AnalysisPhase.INCONCLUSIVE),
                            org.assertj.core.groups.Tuple.tuple("errors", AnalysisPhase.FAILED));

            prometheus.script("latency", Answer.vector(700)).script("errors", Answer.error(503, "unavailable", "down"));
            AnalysisResult error = run(template(order, null));
            assertThat(error.phase()).as(order).isEqualTo(AnalysisPhase.ERROR);
            assertThat(error.rollbackAdvised()).isTrue();
        }
    }

    /** Metrics due together are measured side by side (Argo measures a round in parallel), not one after another. */
    @Test
    @Timeout(30)
    void metricsDueTogetherAreMeasuredSideBySide() throws Exception {
        java.util.concurrent.CountDownLatch bothAsked = new java.util.concurrent.CountDownLatch(2);
        MeasurementSource source = (metric, at) -> {
            bothAsked.countDown();
            try {
                if (!bothAsked.await(10, java.util.concurrent.TimeUnit.SECONDS)) {
                    throw new MeasurementException("measured one at a time");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new MeasurementException("interrupted");
            }
            return Sample.vector(0.01);
        };
        AnalysisSpec spec = template(LATENCY + ERRORS, null);
        AnalysisResult r = new AnalysisRunner(source, Ticker.simulated(T0)).run(spec, AnalysisListener.NONE);
        assertThat(r.measurements())
                .extracting(Measurement::phase)
                .containsExactly(AnalysisPhase.SUCCESSFUL, AnalysisPhase.SUCCESSFUL);
    }

    /** 18.2: failureLimit -1 alone let 3 of 3 failed measurements end Successful. */
    @Test
    void aNegativeFailureLimitIsRefused() {
        assertThatThrownBy(() -> template("""
                - name: errors
                  interval: 1m
                  count: 3
                  failureLimit: -1
                  failureCondition: result[0] > 0.05
                  provider: {prometheus: {query: errors}}
                """, null))
                .hasMessage(
                        "analysis.yaml line 2: metrics[0] (errors): metric 'errors': failureLimit must be 0 or more,"
                                + " got -1 (a metric that can never fail could never roll back)");
    }

    /** 18.3: count below failureLimit (Argo refuses it; relgov also count equal to it) could never fail. */
    @Test
    void aCountThatCouldNeverFailIsRefused() {
        String metric = """
                - name: errors
                  interval: 1m
                  %s
                  failureCondition: result[0] > 0.05
                  provider: {prometheus: {query: errors}}
                """;
        assertThatThrownBy(() -> template(metric.formatted("count: 2\n  failureLimit: 3"), null))
                .hasMessageContaining(
                        "metric 'errors': count 2 must be more than failureLimit 3, or the metric could never fail");
        assertThatThrownBy(() -> template(metric.formatted("count: 3\n  failureLimit: 3"), null))
                .hasMessageContaining("count 3 must be more than failureLimit 3");
        assertThatThrownBy(() -> template(metric.formatted("count: 2\n  inconclusiveLimit: 3"), null))
                .hasMessageContaining("count 2 must be at least inconclusiveLimit 3");
        assertThatThrownBy(() -> template("""
                - name: errors
                  failureLimit: 1
                  failureCondition: result[0] > 0.05
                  provider: {prometheus: {query: errors}}
                """, null))
                .hasMessageContaining("a single measurement (no count, no interval) must be more than failureLimit 1");
        assertThat(template(metric.formatted("count: 4\n  failureLimit: 3"), null)
                        .metrics())
                .hasSize(1);
    }

    /**
     * The reason those are refused: a metric that ends with no successful measurement is not Successful (Argo
     * would call all failures within failureLimit, or inconclusives within inconclusiveLimit, a success).
     */
    @Test
    void aMetricWithoutASingleSuccessIsNeverSuccessful() throws Exception {
        prometheus.script("latency", Answer.vector(20_000), Answer.vector(700), Answer.vector(700));
        AnalysisResult r = run(template("""
                - name: latency
                  interval: 1m
                  count: 3
                  failureLimit: 2
                  inconclusiveLimit: 2
                  successCondition: result[0] < 500
                  failureCondition: result[0] > 10000
                  provider: {prometheus: {query: latency}}
                """, null));
        assertThat(r.phase()).isEqualTo(AnalysisPhase.INCONCLUSIVE);
        assertThat(r.reason())
                .isEqualTo("latency count 3 reached without a single successful measurement:"
                        + " 3 measured, 0 successful, 1 failed, 2 inconclusive, 0 errors");
    }

    /** 18.4: Prometheus' Go client treats any non-2xx other than 400/422 as an error, whatever the body. */
    @Test
    void aServerErrorIsAnErrorWhateverItsBodySays() throws Exception {
        prometheus.script(
                "errors", Answer.http(500, Answer.success("vector", "[{\"metric\":{},\"value\":[1,\"0.01\"]}]")));
        AnalysisResult r = run(template(ERRORS, null));
        assertThat(r.phase()).isEqualTo(AnalysisPhase.ERROR);
        assertThat(r.measurements().get(0).message())
                .endsWith("answered HTTP 500, not an answer whatever its body says");

        prometheus.script("errors", Answer.http(400, Answer.success("vector", "[]")));
        assertThat(run(template(ERRORS, null)).measurements().get(0).message())
                .contains("HTTP 400 with status 'success': an inconsistent answer");
        prometheus.script("errors", Answer.error(200, "execution", "boom"));
        assertThat(run(template(ERRORS, null)).measurements().get(0).message()).endsWith("HTTP 200 execution: boom");
        prometheus.script("errors", Answer.error(503, "unavailable", "shutting down"));
        assertThat(run(template(ERRORS, null)).measurements().get(0).message())
                .endsWith("HTTP 503 unavailable: shutting down");
    }

    /** 18.5: division by zero is +Inf in Argo's expr-lang; JEXL made it an Error with another reason. */
    @Test
    void divisionByZeroIsInfinityAsInArgo() throws Exception {
        prometheus.script("ratio", Answer.vector(3, 0));
        AnalysisResult r = run(template("""
                - name: ratio
                  failureCondition: result[0] / result[1] > 0.05
                  provider: {prometheus: {query: ratio}}
                """, null));
        assertThat(r.phase()).isEqualTo(AnalysisPhase.FAILED);
        assertThat(r.reason())
                .isEqualTo("ratio [3,0] (failureCondition 'result[0] / result[1] > 0.05' holds):"
                        + " 1 failed measurement (1 consecutive) > failureLimit 0");
    }

    /**
     * 18.6: after an error the retry came after the metric's interval (5 queries in 0.17 s without one, 20 minutes
     * with 5m). Now after 10 s as in Argo, or the interval when shorter: a dead Prometheus is Error within 40 s.
     */
    @Test
    void anOutageIsDecidedWithinTenSecondRetriesAtAnyInterval() throws Exception {
        URI dead = deadAddress();
        for (String interval : List.of("", "interval: 5m\n  count: 3\n  ")) {
            AnalysisSpec spec = ArgoTemplates.parse(
                    "metrics:\n" + ("""
                    - name: up
                      %sfailureCondition: result[0] < 1
                      provider: {prometheus: {query: up}}
                    """.formatted(interval)).indent(2), "analysis.yaml", Map.of(), null, dead, null);
            AnalysisResult r = run(spec);
            assertThat(r.phase()).isEqualTo(AnalysisPhase.ERROR);
            assertThat(r.measurements())
                    .extracting(Measurement::startedAt)
                    .as(interval)
                    .containsExactly(
                            T0, T0.plusSeconds(10), T0.plusSeconds(20), T0.plusSeconds(30), T0.plusSeconds(40));
            assertThat(r.decidedAt()).isEqualTo(T0.plusSeconds(40));
        }
        AnalysisSpec fast = ArgoTemplates.parse("""
                metrics:
                  - name: up
                    interval: 2s
                    count: 3
                    failureCondition: result[0] < 1
                    provider: {prometheus: {query: up}}
                """, "analysis.yaml", Map.of(), null, dead, null);
        assertThat(run(fast).measurements())
                .extracting(Measurement::startedAt)
                .as("a shorter interval retries sooner")
                .containsExactly(T0, T0.plusSeconds(2), T0.plusSeconds(4), T0.plusSeconds(6), T0.plusSeconds(8));
    }

    /** 18.7: count 0 is unset in Argo (it was refused). */
    @Test
    void countZeroIsUnsetAsInArgo() throws Exception {
        prometheus.script("errors", Answer.vector(0.01));
        AnalysisResult once = run(template(ERRORS + "  count: 0\n", null));
        assertThat(once.phase()).isEqualTo(AnalysisPhase.SUCCESSFUL);
        assertThat(once.measurements()).hasSize(1);

        prometheus.script("errors", Answer.vector(0.01), Answer.vector(0.01), Answer.vector(0.01));
        AnalysisResult windowed = run(template(ERRORS + "  count: 0\n  interval: 1m\n", Duration.ofMinutes(2)));
        assertThat(windowed.reason()).contains("window 2m ended: 3 measured");
    }

    /** 18.7: a tolerated failure is no breach of a Successful run: no detection latency. */
    @Test
    void aSuccessfulRunHasNoDetectionLatency() throws Exception {
        prometheus.script("errors", Answer.vector(0.2), Answer.vector(0.01), Answer.vector(0.01));
        AnalysisResult r = run(template(ERRORS + "  failureLimit: 1\n  interval: 1m\n  count: 3\n", null));
        assertThat(r.phase()).isEqualTo(AnalysisPhase.SUCCESSFUL);
        assertThat(r.firstBreachAt()).isNull();
        assertThat(r.detectionLatency()).isEmpty();
    }

    /**
     * No data: relgov's default ends Inconclusive at the first empty result; counting an empty result as an Error
     * (the CLI's --empty-result Error) is Argo's behaviour: retried after 10 s and tolerated up to
     * consecutiveErrorLimit.
     */
    @Test
    void noDataIsInconclusiveAtOnceOrArgosRetriedErrorWhenAsked() throws Exception {
        String metric = """
                - name: errors
                  failureCondition: result[0] > 0.05
                  provider: {prometheus: {query: errors}}
                """;
        prometheus.script("errors", Answer.empty(), Answer.empty(), Answer.vector(0.01));
        AnalysisResult inconclusive = run(template(metric, null));
        assertThat(inconclusive.phase()).isEqualTo(AnalysisPhase.INCONCLUSIVE);
        assertThat(prometheus.requests("errors")).isEqualTo(1);

        AnalysisSpec argo = template(metric, null);
        argo = new AnalysisSpec(
                argo.metrics().stream()
                        .map(m -> m.withEmptyResult(AnalysisPhase.ERROR))
                        .toList(),
                null);
        AnalysisResult successful = run(argo);
        assertThat(successful.phase()).as(successful.reason()).isEqualTo(AnalysisPhase.SUCCESSFUL);
        assertThat(successful.measurements())
                .extracting(Measurement::phase)
                .containsExactly(AnalysisPhase.ERROR, AnalysisPhase.SUCCESSFUL);
        assertThat(successful.measurements().get(1).startedAt()).isEqualTo(T0.plusSeconds(10));
    }

    /** Issue 11.9: a query Prometheus rejects as malformed is a configuration error at once, not five retries. */
    @Test
    void aQueryPrometheusRejectsIsAConfigurationErrorAtOnce() throws Exception {
        prometheus.script("errors", Answer.error(400, "bad_data", "1:8: parse error: unclosed left parenthesis"));
        AnalysisResult r = run(template(ERRORS.replace("consecutiveErrorLimit: 0", "consecutiveErrorLimit: 4"), null));
        assertThat(r.phase()).isEqualTo(AnalysisPhase.ERROR);
        assertThat(prometheus.requests("errors")).isEqualTo(1);
        assertThat(r.reason())
                .startsWith("errors configuration error, not retried: Prometheus at ")
                .endsWith("answered HTTP 400 bad_data: 1:8: parse error: unclosed left parenthesis"
                        + " (the query is invalid)");
    }

    /** Issue 11.1: headers then a stalled body was waited for forever; now it is an error within the timeout. */
    @Test
    @Timeout(30)
    void aStalledAnswerIsAMeasurementErrorWithinTheQueryTimeout() throws Exception {
        prometheus.script("errors", Answer.stalled());
        AnalysisResult r = run(template("""
                - name: errors
                  consecutiveErrorLimit: 0
                  failureCondition: result[0] > 0.05
                  provider: {prometheus: {query: errors, timeout: 1}}
                """, null));
        assertThat(r.phase()).isEqualTo(AnalysisPhase.ERROR);
        assertThat(r.reason()).endsWith("did not answer within 1000 ms");
    }

    /** Issue 11.1: a health endpoint that stalls its body is a failed check within its timeout, never a hang. */
    @Test
    @Timeout(30)
    void aStalledHealthCheckFailsWithinItsTimeout() throws Exception {
        prometheus.script("/health", Answer.stalled());
        MetricSpec check = MetricSpec.of(
                "health:api",
                new Provider.HealthCheck(prometheus.url("/health"), 200, Duration.ofSeconds(1)),
                "result == 200",
                null);
        AnalysisResult r = run(new AnalysisSpec(List.of(check), null));
        assertThat(r.phase()).isEqualTo(AnalysisPhase.FAILED);
        assertThat(r.measurements().get(0).value())
                .isEqualTo("0 (no answer from " + prometheus.url("/health") + ": HttpTimeoutException)");
    }

    /** An aborted run stops: a measurement broken by the interrupt must not decide it (and so roll back). */
    @Test
    @Timeout(30)
    void anInterruptedRunThrowsRatherThanDecidingError() throws Exception {
        prometheus.script("errors", Answer.stalled());
        AnalysisSpec spec = template(ERRORS.replace("{query: errors}", "{query: errors, timeout: 20}"), null);
        Thread runner = Thread.currentThread();
        Thread interrupter = new Thread(() -> {
            try {
                Thread.sleep(300);
            } catch (InterruptedException e) {
                return;
            }
            runner.interrupt();
        });
        interrupter.start();
        assertThatThrownBy(() -> run(spec)).isInstanceOf(InterruptedException.class);
        interrupter.join();
    }

    static URI deadAddress() throws Exception {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return URI.create("http://127.0.0.1:" + s.getLocalPort());
        }
    }
}
