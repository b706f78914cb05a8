package io.jenkins.plugins.relgov.analysis;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The decision of an analysis run.
 *
 * @param phase         the decision: Successful, Failed, Inconclusive or Error
 * @param reason        why, in words ("error-rate [0.071] ...: 3 failed measurements (3 consecutive) &gt; failureLimit 2")
 * @param metrics       each metric's outcome and counters
 * @param measurements  every measurement, in the order taken
 * @param startedAt     when the analysis started
 * @param firstBreachAt when the failing metric's first failed measurement was taken; null unless the run Failed
 *                      (failures a Successful run tolerated are no breach)
 * @param decidedAt     when the decision was made
 */
public record AnalysisResult(
        AnalysisPhase phase,
        String reason,
        List<MetricResult> metrics,
        List<Measurement> measurements,
        Instant startedAt,
        Instant firstBreachAt,
        Instant decidedAt) {

    public AnalysisResult {
        metrics = List.copyOf(metrics);
        measurements = List.copyOf(measurements);
    }

    /** Time from the first breaching measurement to a Failed decision; empty for any other decision. */
    public Optional<Duration> detectionLatency() {
        return firstBreachAt == null ? Optional.empty() : Optional.of(Duration.between(firstBreachAt, decidedAt));
    }

    /** True when the pipeline should run its rollback body: the release failed or could not be assessed safely. */
    public boolean rollbackAdvised() {
        return phase == AnalysisPhase.FAILED || phase == AnalysisPhase.ERROR;
    }
}
