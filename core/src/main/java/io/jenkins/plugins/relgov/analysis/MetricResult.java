package io.jenkins.plugins.relgov.analysis;

/**
 * A metric's outcome and its counters (Argo's MetricResult).
 *
 * @param name             the metric
 * @param phase            its outcome; null while it still runs (in an {@link AnalysisState})
 * @param message          why
 * @param count            measurements that gave a value (errors excluded, as in Argo)
 * @param successful       successful measurements
 * @param failed           failed measurements
 * @param inconclusive     inconclusive measurements
 * @param errors           measurement errors
 * @param consecutiveError errors in a row at the end
 */
public record MetricResult(
        String name,
        AnalysisPhase phase,
        String message,
        int count,
        int successful,
        int failed,
        int inconclusive,
        int errors,
        int consecutiveError) {}
