package io.jenkins.plugins.relgov.analysis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jenkins.plugins.relgov.analysis.RecordedSource.Recorded;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The decision logic on recorded measurements and a fake clock: instant, exact. */
class AnalysisRunnerTest {

    static final Instant T0 = Instant.parse("2026-11-22T10:00:00Z");
    static final Provider PROM = new Provider.PrometheusQuery(URI.create("http://127.0.0.1:9090"), "q", null);

    static MetricSpec errorRate(Integer count, int failureLimit) {
        return MetricSpec.of("error-rate", PROM, null, "result[0] > 0.05")
                .withSchedule(Duration.ofMinutes(1), count, null)
                .withLimits(failureLimit, 0, 4);
    }

    static AnalysisResult run(RecordedSource source, Duration window, MetricSpec... metrics) throws Exception {
        return new AnalysisRunner(source, Ticker.simulated(T0))
                .run(new AnalysisSpec(List.of(metrics), window), AnalysisListener.NONE);
    }

    @Test
    void countReachedWithoutBreachIsSuccessful() throws Exception {
        AnalysisResult r = run(new RecordedSource().values("error-rate", 0.01, 0.02, 0.01), null, errorRate(3, 0));
        assertThat(r.phase()).isEqualTo(AnalysisPhase.SUCCESSFUL);
        assertThat(r.reason())
                .isEqualTo("error-rate: count 3 reached: 3 measured, 3 successful, 0 failed, 0 inconclusive, 0 errors");
        assertThat(r.measurements())
                .extracting(Measurement::startedAt)
                .containsExactly(T0, T0.plusSeconds(60), T0.plusSeconds(120));
    }

    @Test
    void failuresUpToTheLimitAreToleratedOneMoreFails() throws Exception {
        AnalysisResult r =
                run(new RecordedSource().values("error-rate", 0.01, 0.09, 0.01, 0.071, 0.01), null, errorRate(5, 1));
        assertThat(r.phase()).isEqualTo(AnalysisPhase.FAILED);
        assertThat(r.measurements()).hasSize(4);
        assertThat(r.reason()).contains("[0.071]", "2 failed measurements (1 consecutive) > failureLimit 1");
        assertThat(r.firstBreachAt()).isEqualTo(T0.plusSeconds(60));
        assertThat(r.decidedAt()).isEqualTo(T0.plusSeconds(180));
        assertThat(r.detectionLatency()).contains(Duration.ofMinutes(2));
    }

    @Test
    void detectionLatencyCountsFromTheDecidingMetricsFirstBreach() throws Exception {
        MetricSpec latency = MetricSpec.of("latency", PROM, null, "result[0] > 10000")
                .withSchedule(Duration.ofMinutes(1), null, null)
                .withLimits(5, 0, 4);
        RecordedSource source = new RecordedSource()
                .values("latency", 20_000, 100, 100, 100)
                .values("error-rate", 0.01, 0.01, 0.2, 0.2);
        AnalysisResult r = run(source, Duration.ofHours(1), latency, errorRate(null, 1));
        assertThat(r.phase()).isEqualTo(AnalysisPhase.FAILED);
        assertThat(r.firstBreachAt())
                .as("error-rate's first breach, not latency's tolerated spike")
                .isEqualTo(T0.plusSeconds(120));
        assertThat(r.detectionLatency()).contains(Duration.ofMinutes(1));
    }

    /** Issue 18.2: Argo refuses failureLimit -1 without consecutiveSuccessLimit; it let 3 of 3 failures pass. */
    @Test
    void failureLimitMinusOneIsRefusedAsAMetricThatCouldNeverFail() {
        assertThatThrownBy(() -> errorRate(3, -1))
                .hasMessage("metric 'error-rate': failureLimit must be 0 or more, got -1"
                        + " (a metric that can never fail could never roll back)");
    }

    @Test
    void errorsBeyondTheLimitAreErrorNeverSuccess() throws Exception {
        RecordedSource source = new RecordedSource()
                .record(
                        "error-rate",
                        Recorded.failure("unreachable"),
                        Recorded.value(0.01),
                        Recorded.failure("unreachable"),
                        Recorded.failure("unreachable"),
                        Recorded.failure("unreachable"),
                        Recorded.failure("unreachable"),
                        Recorded.failure("unreachable"));
        AnalysisResult r = run(source, Duration.ofHours(1), errorRate(null, 0));
        assertThat(r.phase()).isEqualTo(AnalysisPhase.ERROR);
        assertThat(r.reason())
                .isEqualTo("error-rate 5 consecutive measurement errors > consecutiveErrorLimit 4; last: unreachable");
        assertThat(r.metrics().get(0).errors()).isEqualTo(6);
        assertThat(r.metrics().get(0).count())
                .as("errors do not count as measurements")
                .isEqualTo(1);
    }

    @Test
    void runningOutOfRecordingsIsAnErrorNotASuccess() throws Exception {
        AnalysisResult r =
                run(new RecordedSource().values("error-rate", 0.01), Duration.ofHours(1), errorRate(null, 0));
        assertThat(r.phase()).isEqualTo(AnalysisPhase.ERROR);
    }

    @Test
    void windowEndingWithoutBreachIsSuccessful() throws Exception {
        AnalysisResult r = run(
                new RecordedSource().values("error-rate", 0.01, 0.01, 0.01, 0.01),
                Duration.ofMinutes(3),
                errorRate(null, 0));
        assertThat(r.phase()).isEqualTo(AnalysisPhase.SUCCESSFUL);
        assertThat(r.measurements()).hasSize(4); // at 0, 1, 2 and 3 minutes
        assertThat(r.reason()).contains("window 3m ended");
    }

    @Test
    void emptyResultIsInconclusiveByDefaultOrAsConfigured() throws Exception {
        RecordedSource source = new RecordedSource().record("error-rate", Recorded.empty());
        AnalysisResult r = run(source, null, errorRate(1, 0));
        assertThat(r.phase()).isEqualTo(AnalysisPhase.INCONCLUSIVE);
        assertThat(r.reason()).contains("empty result");

        AnalysisResult failed = run(
                new RecordedSource().record("error-rate", Recorded.empty()),
                null,
                errorRate(1, 0).withEmptyResult(AnalysisPhase.FAILED));
        assertThat(failed.phase()).isEqualTo(AnalysisPhase.FAILED);
    }

    @Test
    void argoConditionsHandleEmptyThemselves() throws Exception {
        MetricSpec m = MetricSpec.of("error-rate", PROM, "len(result) == 0 || result[0] < 0.05", null);
        AnalysisResult r = run(new RecordedSource().record("error-rate", Recorded.empty()), null, m);
        assertThat(r.phase()).isEqualTo(AnalysisPhase.SUCCESSFUL);
    }

    @Test
    void neitherConditionHoldingIsInconclusive() throws Exception {
        MetricSpec m = MetricSpec.of("latency", PROM, "result[0] < 500", "result[0] > 10000")
                .withSchedule(Duration.ofSeconds(10), 3, null)
                .withLimits(0, 1, 4);
        AnalysisResult r = run(new RecordedSource().values("latency", 700, 100, 800), null, m);
        assertThat(r.phase()).isEqualTo(AnalysisPhase.INCONCLUSIVE);
        assertThat(r.reason()).contains("2 inconclusive measurements > inconclusiveLimit 1");
    }

    @Test
    void unlimitedInconclusiveKeepsWatchingAndDecidesInconclusiveAtTheEnd() throws Exception {
        MetricSpec m = MetricSpec.of("error-rate", PROM, "result[0] < 0.02", "result[0] > 0.05")
                .withSchedule(Duration.ofMinutes(1), null, null)
                .withLimits(0, -1, 4);
        AnalysisResult quality =
                run(new RecordedSource().values("error-rate", 0.01, 0.03, 0.01), Duration.ofMinutes(2), m);
        assertThat(quality.phase()).isEqualTo(AnalysisPhase.INCONCLUSIVE);
        assertThat(quality.reason()).contains("window 2m ended with 1 inconclusive measurement");
        AnalysisResult trigger =
                run(new RecordedSource().values("error-rate", 0.03, 0.04, 0.09), Duration.ofMinutes(5), m);
        assertThat(trigger.phase())
                .as("a breach while quality is degraded still fails")
                .isEqualTo(AnalysisPhase.FAILED);
    }

    @Test
    void theFirstBadMetricStopsTheRunAndTheWorstDecides() throws Exception {
        MetricSpec latency = MetricSpec.of("latency", PROM, null, "result[0] > 10000")
                .withSchedule(Duration.ofMinutes(1), null, null);
        RecordedSource source =
                new RecordedSource().values("error-rate", 0.01, 0.2).values("latency", 100, 100, 100);
        List<String> seen = new ArrayList<>();
        AnalysisResult r = new AnalysisRunner(source, Ticker.simulated(T0))
                .run(
                        new AnalysisSpec(List.of(errorRate(null, 0), latency), Duration.ofHours(1)),
                        (m, n) -> seen.add(m.describe(n)));
        assertThat(r.phase()).isEqualTo(AnalysisPhase.FAILED);
        assertThat(r.metrics())
                .extracting(MetricResult::phase)
                .containsExactly(AnalysisPhase.FAILED, AnalysisPhase.SUCCESSFUL);
        assertThat(r.firstBreachAt()).isEqualTo(T0.plusSeconds(60));
        // every metric due in a round is measured before the round is assessed (Argo's reconcile)
        assertThat(seen)
                .containsExactly(
                        "error-rate #1 Successful [0.01]: failureCondition 'result[0] > 0.05' does not hold",
                        "latency #1 Successful [100]: failureCondition 'result[0] > 10000' does not hold",
                        "error-rate #2 Failed [0.2]: failureCondition 'result[0] > 0.05' holds",
                        "latency #2 Successful [100]: failureCondition 'result[0] > 10000' does not hold");
        assertThat(r.metrics().get(1).message()).startsWith("stopped when error-rate ended Failed: 2 measured");
    }

    @Test
    void initialDelayPostponesTheFirstMeasurement() throws Exception {
        MetricSpec m = errorRate(1, 0).withSchedule(Duration.ofMinutes(1), 1, Duration.ofMinutes(5));
        AnalysisResult r = run(new RecordedSource().values("error-rate", 0.01), null, m);
        assertThat(r.measurements().get(0).startedAt()).isEqualTo(T0.plus(Duration.ofMinutes(5)));
    }

    @Test
    void invalidSpecsAreRefused() {
        assertThatThrownBy(() -> new AnalysisSpec(List.of(errorRate(null, 0)), null))
                .hasMessageContaining("runs until the window ends: give a window");
        assertThatThrownBy(() -> errorRate(3, 0).withSchedule(null, 3, null))
                .hasMessageContaining("count 3 needs an interval");
        assertThatThrownBy(() -> new AnalysisSpec(List.of(errorRate(1, 0), errorRate(2, 0)), null))
                .hasMessageContaining("used twice");
    }
}
