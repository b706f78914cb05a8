package io.jenkins.plugins.relgov.analysis;

import java.time.Instant;

/**
 * One measurement of one metric.
 *
 * @param metric     the metric's name
 * @param startedAt  when it was taken
 * @param finishedAt when its value arrived
 * @param phase      its outcome
 * @param value      the value as measured ({@code [0.071]}), null for an error
 * @param message    why: the condition that held, the error, "empty result"
 */
public record Measurement(
        String metric, Instant startedAt, Instant finishedAt, AnalysisPhase phase, String value, String message) {

    /** {@code error-rate #3 Failed [0.071]: failureCondition 'result[0] > 0.05' holds}. */
    public String describe(int number) {
        return metric + " #" + number + " " + phase.label() + (value == null ? "" : " " + value)
                + (message == null ? "" : ": " + message);
    }
}
