package io.jenkins.plugins.relgov.analysis;

import java.time.Duration;
import java.time.Instant;

/** One metric's counters and schedule while a run goes on (Argo's MetricResult). Part of {@link AnalysisState}. */
final class MetricState {

    final String name;
    /** When the next measurement is due. */
    Instant nextAt;
    /** Null while the metric runs. */
    AnalysisPhase phase;

    String message;
    int count;
    int successful;
    int failed;
    int consecutiveFailed;
    int inconclusive;
    int errors;
    int consecutiveErrors;
    /** The latest measurement, for messages; null before the first. */
    Measurement last;

    MetricState(String name, Instant nextAt) {
        this.name = name;
        this.nextAt = nextAt;
    }

    MetricState copy() {
        MetricState c = new MetricState(name, nextAt);
        c.phase = phase;
        c.message = message;
        c.count = count;
        c.successful = successful;
        c.failed = failed;
        c.consecutiveFailed = consecutiveFailed;
        c.inconclusive = inconclusive;
        c.errors = errors;
        c.consecutiveErrors = consecutiveErrors;
        c.last = last;
        return c;
    }

    boolean running() {
        return phase == null;
    }

    int measurements() {
        return count + errors;
    }

    /**
     * Counts a measurement and schedules the next: an interval after the round ended, or after an error the
     * {@linkplain AnalysisRunner#retryAfterError error retry interval}. Errors do not count toward count (Argo).
     */
    void record(MetricSpec spec, Measurement m, Instant roundEnded) {
        last = m;
        if (m.phase() == AnalysisPhase.ERROR) {
            errors++;
            consecutiveErrors++;
            nextAt = roundEnded.plus(AnalysisRunner.retryAfterError(spec.interval()));
            return;
        }
        switch (m.phase()) {
            case SUCCESSFUL -> successful++;
            case FAILED -> failed++;
            case INCONCLUSIVE -> inconclusive++;
            default -> throw new IllegalStateException(m.phase().toString());
        }
        count++;
        consecutiveErrors = 0;
        consecutiveFailed = m.phase() == AnalysisPhase.FAILED ? consecutiveFailed + 1 : 0;
        nextAt = roundEnded.plus(spec.interval() == null ? Duration.ZERO : spec.interval());
    }

    /** Argo's assessMetricStatus; later checks win, as there (Error over Inconclusive over Failed). */
    void assess(MetricSpec spec) {
        if (failed > spec.failureLimit()) {
            phase = AnalysisPhase.FAILED;
            message = last.value() + " (" + last.message() + "): " + failed + " failed measurement"
                    + (failed == 1 ? "" : "s") + " (" + consecutiveFailed + " consecutive) > failureLimit "
                    + spec.failureLimit();
        }
        if (spec.inconclusiveLimit() >= 0 && inconclusive > spec.inconclusiveLimit()) {
            phase = AnalysisPhase.INCONCLUSIVE;
            message = last.value() + " (" + last.message() + "): " + inconclusive + " inconclusive measurement"
                    + (inconclusive == 1 ? "" : "s") + " > inconclusiveLimit " + spec.inconclusiveLimit();
        }
        if (consecutiveErrors > spec.consecutiveErrorLimit()) {
            phase = AnalysisPhase.ERROR;
            message = consecutiveErrors + " consecutive measurement errors > consecutiveErrorLimit "
                    + spec.consecutiveErrorLimit() + "; last: " + last.message();
        }
        Integer target = spec.effectiveCount();
        if (phase == null && target != null && count >= target) {
            complete(spec, "count " + target + " reached");
        }
    }

    /** The metric itself is wrong (its query was rejected): Error at once, as retrying cannot mend it. */
    void misconfigured() {
        phase = AnalysisPhase.ERROR;
        message = "configuration error, not retried: " + last.message();
    }

    /**
     * The metric ran its course (count reached, window ended). Successful needs at least one successful
     * measurement: with none it is Error when every try errored, else Inconclusive (Argo would call it
     * Successful). With inconclusiveLimit -1, any inconclusive measurement makes it Inconclusive.
     */
    void complete(MetricSpec spec, String why) {
        if (successful == 0) {
            boolean onlyErrors = count == 0 && errors > 0;
            phase = onlyErrors ? AnalysisPhase.ERROR : AnalysisPhase.INCONCLUSIVE;
            message = why
                    + (count == 0 ? " without a single usable measurement" : " without a single successful measurement")
                    + (onlyErrors ? "; last error: " + last.message() : "") + ": " + tally();
        } else if (spec.inconclusiveLimit() < 0 && inconclusive > 0) {
            phase = AnalysisPhase.INCONCLUSIVE;
            message = why + " with " + inconclusive + " inconclusive measurement" + (inconclusive == 1 ? "" : "s")
                    + ": " + tally();
        } else {
            phase = AnalysisPhase.SUCCESSFUL;
            message = why + ": " + tally();
        }
    }

    /** Another metric ended the run: this one stops where it is (Argo's terminated metric, Successful). */
    void stop(String why) {
        phase = AnalysisPhase.SUCCESSFUL;
        message = "stopped when " + why + ": " + tally();
    }

    String tally() {
        return count + " measured, " + successful + " successful, " + failed + " failed, " + inconclusive
                + " inconclusive, " + errors + " errors";
    }

    MetricResult result() {
        return new MetricResult(
                name, phase, message, count, successful, failed, inconclusive, errors, consecutiveErrors);
    }
}
