package io.jenkins.plugins.relgov.analysis;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * Runs an analysis: measures each metric on its schedule, classifies every measurement with the metric's
 * conditions and assesses the metric after each one with Argo Rollouts' rules (failed &gt; failureLimit is
 * Failed, inconclusive &gt; inconclusiveLimit is Inconclusive, consecutive errors &gt; consecutiveErrorLimit is
 * Error, count reached is Successful). The first metric that ends other than Successful ends the run at once;
 * the worst metric decides it. When the window ends, metrics still running are Successful.
 *
 * <p>Fails safe: a metric whose measurements keep erroring ends in Error, never in Successful.
 */
public final class AnalysisRunner {

    private final MeasurementSource source;
    private final Ticker ticker;

    public AnalysisRunner(MeasurementSource source, Ticker ticker) {
        this.source = Objects.requireNonNull(source, "source");
        this.ticker = Objects.requireNonNull(ticker, "ticker");
    }

    /** Runs in real time. */
    public AnalysisRunner(MeasurementSource source) {
        this(source, Ticker.system());
    }

    /**
     * Runs the analysis to its decision.
     *
     * @throws InterruptedException when the thread is interrupted (the step was aborted)
     */
    public AnalysisResult run(AnalysisSpec spec, AnalysisListener listener) throws InterruptedException {
        Instant start = ticker.now();
        Instant deadline = spec.window() == null ? null : start.plus(spec.window());
        List<MetricState> states = spec.metrics().stream().map(m -> new MetricState(m, start)).toList();
        List<Measurement> all = new ArrayList<>();
        while (true) {
            List<MetricState> running = states.stream().filter(s -> s.phase == null).toList();
            if (running.isEmpty()) {
                return decide(states, all, start);
            }
            MetricState next = running.stream().min(Comparator.comparing(s -> s.nextAt)).orElseThrow();
            if (deadline != null && next.nextAt.isAfter(deadline)) {
                for (MetricState s : running) {
                    s.complete("window " + format(spec.window()) + " ended");
                }
                return decide(states, all, start);
            }
            ticker.sleepUntil(next.nextAt);
            Measurement m = measure(next.spec);
            all.add(m);
            next.record(m);
            listener.onMeasurement(m, next.measurements);
            next.assess();
            next.nextAt = next.spec.interval() == null ? m.finishedAt() : m.finishedAt().plus(next.spec.interval());
            if (next.phase != null && next.phase != AnalysisPhase.SUCCESSFUL) {
                for (MetricState s : states) {
                    if (s.phase == null) {
                        s.phase = AnalysisPhase.SUCCESSFUL;
                        s.message = "stopped when " + next.spec.name() + " ended " + next.phase.label() + ": " + s.tally();
                    }
                }
                return decide(states, all, start);
            }
        }
    }

    private Measurement measure(MetricSpec metric) {
        Instant started = ticker.now();
        Sample sample;
        try {
            sample = source.measure(metric, started);
        } catch (MeasurementException e) {
            return new Measurement(metric.name(), started, ticker.now(), AnalysisPhase.ERROR, null, e.getMessage());
        } catch (RuntimeException e) {
            // a broken source must never look like a healthy release
            return new Measurement(metric.name(), started, ticker.now(), AnalysisPhase.ERROR, null,
                    "measurement failed: " + e);
        }
        Instant finished = ticker.now();
        String value = sample.display();
        try {
            Classified c = classify(metric, sample.conditionInput());
            return new Measurement(metric.name(), started, finished, c.phase, value, c.message);
        } catch (ConditionException e) {
            if (sample.isEmpty()) {
                return new Measurement(metric.name(), started, finished, metric.emptyResult(), value,
                        "empty result (the query matched no series), counted as " + metric.emptyResult().label());
            }
            return new Measurement(metric.name(), started, finished, AnalysisPhase.ERROR, value, e.getMessage());
        }
    }

    record Classified(AnalysisPhase phase, String message) {
    }

    /** Argo's EvaluateResult: the failure condition wins; neither holding (with both given) is inconclusive. */
    static Classified classify(MetricSpec metric, Object result) throws ConditionException {
        Condition success = metric.successCondition();
        Condition failure = metric.failureCondition();
        if (success == null && failure == null) {
            return new Classified(AnalysisPhase.SUCCESSFUL, "no condition");
        }
        boolean succeeded = success != null && success.test(result);
        boolean failed = failure != null && failure.test(result);
        if (failure == null) {
            return succeeded
                    ? new Classified(AnalysisPhase.SUCCESSFUL, "successCondition '" + success + "' holds")
                    : new Classified(AnalysisPhase.FAILED, "successCondition '" + success + "' does not hold");
        }
        if (failed) {
            return new Classified(AnalysisPhase.FAILED, "failureCondition '" + failure + "' holds");
        }
        if (success == null || succeeded) {
            return new Classified(AnalysisPhase.SUCCESSFUL, success == null
                    ? "failureCondition '" + failure + "' does not hold"
                    : "successCondition '" + success + "' holds");
        }
        return new Classified(AnalysisPhase.INCONCLUSIVE, "neither successCondition '" + success
                + "' nor failureCondition '" + failure + "' holds");
    }

    private static AnalysisResult decide(List<MetricState> states, List<Measurement> all, Instant start) {
        MetricState worst = states.get(0);
        for (MetricState s : states) {
            if (s.phase.isWorseThan(worst.phase)) {
                worst = s;
            }
        }
        String reason = worst.phase == AnalysisPhase.SUCCESSFUL
                ? states.stream().map(s -> s.spec.name() + ": " + s.message).collect(Collectors.joining("; "))
                : worst.spec.name() + " " + worst.message;
        // detection latency runs from the deciding metric's first failed measurement (any metric's otherwise)
        String decider = worst.phase == AnalysisPhase.FAILED ? worst.spec.name() : null;
        Instant firstBreach = all.stream().filter(m -> m.phase() == AnalysisPhase.FAILED)
                .filter(m -> decider == null || m.metric().equals(decider))
                .map(Measurement::startedAt).findFirst().orElse(null);
        Instant decided = all.isEmpty() ? start : all.get(all.size() - 1).finishedAt();
        List<MetricResult> results = states.stream().map(MetricState::result).toList();
        return new AnalysisResult(worst.phase, reason, results, all, start, firstBreach, decided);
    }

    static String format(Duration d) {
        return d.toString().substring(2).toLowerCase(java.util.Locale.ROOT);
    }

    /** A metric's counters while the run goes on (Argo's MetricResult). */
    private static final class MetricState {
        final MetricSpec spec;
        Instant nextAt;
        AnalysisPhase phase;
        String message;
        int measurements;
        int count;
        int successful;
        int failed;
        int consecutiveFailed;
        int inconclusive;
        int errors;
        int consecutiveError;
        Measurement last;

        MetricState(MetricSpec spec, Instant start) {
            this.spec = spec;
            this.nextAt = start.plus(spec.initialDelay());
        }

        void record(Measurement m) {
            measurements++;
            last = m;
            switch (m.phase()) {
                case ERROR -> {
                    errors++;
                    consecutiveError++;
                    return;
                }
                case SUCCESSFUL -> successful++;
                case FAILED -> failed++;
                case INCONCLUSIVE -> inconclusive++;
            }
            count++;
            consecutiveError = 0;
            consecutiveFailed = m.phase() == AnalysisPhase.FAILED ? consecutiveFailed + 1 : 0;
        }

        /** Argo's assessMetricStatus; later checks win, as there (Error over Inconclusive over Failed). */
        void assess() {
            if (spec.failureLimit() >= 0 && failed > spec.failureLimit()) {
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
            if (consecutiveError > spec.consecutiveErrorLimit()) {
                phase = AnalysisPhase.ERROR;
                message = consecutiveError + " consecutive measurement errors > consecutiveErrorLimit "
                        + spec.consecutiveErrorLimit() + "; last: " + last.message();
            }
            Integer target = spec.effectiveCount();
            if (phase == null && target != null && count >= target) {
                complete("count " + target + " reached");
            }
        }

        /**
         * The metric ran its course without ending early: Successful, except that with inconclusiveLimit -1
         * (keep measuring whatever the quality) any inconclusive measurement makes it Inconclusive, and that a
         * metric with no usable measurement at all is Error (only errors) or Inconclusive (none taken).
         */
        void complete(String why) {
            if (count == 0) {
                // nothing was measured: errors must not turn into success, nor must a window too short to look
                phase = errors > 0 ? AnalysisPhase.ERROR : AnalysisPhase.INCONCLUSIVE;
                message = why + " without a single usable measurement"
                        + (errors > 0 ? "; last error: " + last.message() : "") + ": " + tally();
            } else if (spec.inconclusiveLimit() < 0 && inconclusive > 0) {
                phase = AnalysisPhase.INCONCLUSIVE;
                message = why + " with " + inconclusive + " inconclusive measurement" + (inconclusive == 1 ? "" : "s")
                        + ": " + tally();
            } else {
                phase = AnalysisPhase.SUCCESSFUL;
                message = why + ": " + tally();
            }
        }

        String tally() {
            return count + " measured, " + successful + " successful, " + failed + " failed, " + inconclusive
                    + " inconclusive, " + errors + " errors";
        }

        MetricResult result() {
            return new MetricResult(spec.name(), phase, message, count, successful, failed, inconclusive, errors,
                    consecutiveError);
        }
    }
}
