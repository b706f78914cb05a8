package io.jenkins.plugins.relgov.analysis;

import java.time.Duration;
import java.util.Objects;

/**
 * One metric of an analysis, with Argo Rollouts' meaning and defaults.
 *
 * @param name                  the metric's name (error-rate)
 * @param provider              where measurements come from
 * @param successCondition      when a measurement is successful; null for none
 * @param failureCondition      when a measurement failed; null for none. With neither, every measurement succeeds;
 *                              with one, the other is its negation; with both, neither holding is inconclusive
 * @param interval              time between measurements; null measures once (or {@code count} back to back is refused)
 * @param count                 how many measurements (more than failureLimit, at least inconclusiveLimit); null or 0
 *                              measures once without an interval, and runs until the analysis window ends with one
 * @param initialDelay          wait before the first measurement
 * @param failureLimit          failed measurements tolerated (default 0); never negative, as a metric that cannot
 *                              fail cannot roll back
 * @param inconclusiveLimit     inconclusive measurements tolerated (default 0); -1 never ends the metric early for
 *                              them, but it ends Inconclusive (not Successful) if any were seen
 * @param consecutiveErrorLimit consecutive measurement errors tolerated (default 4)
 * @param emptyResult           what an empty result counts as when the conditions cannot be evaluated on it
 *                              (default Inconclusive; Argo would record an Error)
 */
public record MetricSpec(
        String name,
        Provider provider,
        Condition successCondition,
        Condition failureCondition,
        Duration interval,
        Integer count,
        Duration initialDelay,
        int failureLimit,
        int inconclusiveLimit,
        int consecutiveErrorLimit,
        AnalysisPhase emptyResult) {

    public static final int DEFAULT_CONSECUTIVE_ERROR_LIMIT = 4;

    public MetricSpec {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("a metric needs a name");
        }
        Objects.requireNonNull(provider, "metric '" + name + "': provider");
        initialDelay = initialDelay == null ? Duration.ZERO : initialDelay;
        emptyResult = emptyResult == null ? AnalysisPhase.INCONCLUSIVE : emptyResult;
        if (interval != null && (interval.isNegative() || interval.isZero())) {
            throw new IllegalArgumentException("metric '" + name + "': interval must be positive, got " + interval);
        }
        if (initialDelay.isNegative()) {
            throw new IllegalArgumentException("metric '" + name + "': initialDelay must not be negative");
        }
        if (count != null && count < 0) {
            throw new IllegalArgumentException("metric '" + name + "': count must not be negative, got " + count);
        }
        count = count == null || count == 0 ? null : count; // Argo: count 0 is unset
        if (count != null && count > 1 && interval == null) {
            throw new IllegalArgumentException("metric '" + name + "': count " + count + " needs an interval");
        }
        if (failureLimit < 0) {
            // Argo disables failureLimit (-1) only together with consecutiveSuccessLimit, which relgov does not run
            throw new IllegalArgumentException("metric '" + name + "': failureLimit must be 0 or more, got "
                    + failureLimit + " (a metric that can never fail could never roll back)");
        }
        if (inconclusiveLimit < -1 || consecutiveErrorLimit < 0) {
            throw new IllegalArgumentException(
                    "metric '" + name + "': inconclusiveLimit must be -1 or more, consecutiveErrorLimit 0 or more");
        }
        Integer measurements = count != null ? count : interval == null ? Integer.valueOf(1) : null;
        if (measurements != null && measurements <= failureLimit) {
            // Argo refuses count < failureLimit; at count == failureLimit every measurement may fail and still pass
            throw new IllegalArgumentException("metric '" + name + "': "
                    + (count == null ? "a single measurement (no count, no interval)" : "count " + count)
                    + " must be more than failureLimit " + failureLimit + ", or the metric could never fail");
        }
        if (count != null && count < inconclusiveLimit) {
            throw new IllegalArgumentException("metric '" + name + "': count " + count
                    + " must be at least inconclusiveLimit " + inconclusiveLimit);
        }
    }

    /** A metric with Argo's defaults: one measurement, failureLimit 0, inconclusiveLimit 0, consecutiveErrorLimit 4. */
    public static MetricSpec of(String name, Provider provider, String successCondition, String failureCondition) {
        return new MetricSpec(
                name,
                provider,
                successCondition == null ? null : Condition.compile(successCondition),
                failureCondition == null ? null : Condition.compile(failureCondition),
                null,
                null,
                null,
                0,
                0,
                DEFAULT_CONSECUTIVE_ERROR_LIMIT,
                null);
    }

    public MetricSpec withSchedule(Duration newInterval, Integer newCount, Duration newInitialDelay) {
        return new MetricSpec(
                name,
                provider,
                successCondition,
                failureCondition,
                newInterval,
                newCount,
                newInitialDelay,
                failureLimit,
                inconclusiveLimit,
                consecutiveErrorLimit,
                emptyResult);
    }

    public MetricSpec withLimits(int newFailureLimit, int newInconclusiveLimit, int newConsecutiveErrorLimit) {
        return new MetricSpec(
                name,
                provider,
                successCondition,
                failureCondition,
                interval,
                count,
                initialDelay,
                newFailureLimit,
                newInconclusiveLimit,
                newConsecutiveErrorLimit,
                emptyResult);
    }

    public MetricSpec withEmptyResult(AnalysisPhase newEmptyResult) {
        return new MetricSpec(
                name,
                provider,
                successCondition,
                failureCondition,
                interval,
                count,
                initialDelay,
                failureLimit,
                inconclusiveLimit,
                consecutiveErrorLimit,
                newEmptyResult);
    }

    /** Measurements before the metric is done: count, 1 without interval, null when it runs until the window ends. */
    public Integer effectiveCount() {
        if (count != null) {
            return count;
        }
        return interval == null ? 1 : null;
    }
}
