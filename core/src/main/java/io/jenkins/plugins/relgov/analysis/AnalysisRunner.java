package io.jenkins.plugins.relgov.analysis;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.stream.Collectors;

/**
 * Runs an analysis in rounds, as Argo Rollouts does: each round measures every metric that is due (side by side),
 * classifies each measurement with its metric's conditions, then assesses each metric with Argo's rules (failed
 * &gt; failureLimit is Failed, inconclusive &gt; inconclusiveLimit is Inconclusive, consecutive errors &gt;
 * consecutiveErrorLimit is Error, count reached is done). When a round ends a metric other than Successful, the
 * run ends and the worst metric decides it (Failed over Error over Inconclusive), so the order of the metrics
 * never changes a decision. When the window ends, metrics still running are done.
 *
 * <p>After a measurement error a metric is retried after {@link #ERROR_RETRY_INTERVAL} (10 s, as Argo), or after
 * its interval when that is shorter; a query Prometheus rejects as invalid ends its metric in Error at once.
 *
 * <p>Fails safe: a metric whose measurements keep erroring ends in Error, and one that never measured a success
 * is never Successful.
 */
public final class AnalysisRunner {

    /** Argo's DefaultErrorRetryInterval: how soon a metric is measured again after an error (at most). */
    public static final Duration ERROR_RETRY_INTERVAL = Duration.ofSeconds(10);

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

    /** When a metric is measured again after an error: 10 s, or its interval (null for none) when shorter. */
    public static Duration retryAfterError(Duration interval) {
        return interval != null && interval.compareTo(ERROR_RETRY_INTERVAL) < 0 ? interval : ERROR_RETRY_INTERVAL;
    }

    /**
     * Runs the analysis to its decision.
     *
     * @throws InterruptedException when the thread is interrupted (the step was aborted)
     */
    public AnalysisResult run(AnalysisSpec spec, AnalysisListener listener) throws InterruptedException {
        return resume(spec, AnalysisState.start(spec, ticker.now()), listener);
    }

    /**
     * Goes on with a run from a saved state (see {@link AnalysisState}): the same counters, the window still
     * counted from the state's start, and metrics that fell due meanwhile measured at once.
     *
     * @throws IllegalArgumentException when the state was made for other metrics
     * @throws InterruptedException     when the thread is interrupted (the step was aborted)
     */
    public AnalysisResult resume(AnalysisSpec spec, AnalysisState saved, AnalysisListener listener)
            throws InterruptedException {
        AnalysisState state = saved.copy();
        state.checkFits(spec);
        Instant deadline = spec.window() == null ? null : state.startedAt().plus(spec.window());
        ExecutorService pool = Executors.newCachedThreadPool(MEASURING);
        try {
            while (!state.decided()) {
                Instant now = ticker.now();
                List<Integer> due = new ArrayList<>();
                Instant next = null;
                for (int i = 0; i < spec.metrics().size(); i++) {
                    MetricState s = state.metric(i);
                    if (!s.running() || deadline != null && s.nextAt.isAfter(deadline)) {
                        continue;
                    }
                    if (!s.nextAt.isAfter(now)) {
                        due.add(i);
                    } else if (next == null || s.nextAt.isBefore(next)) {
                        next = s.nextAt;
                    }
                }
                if (!due.isEmpty()) {
                    round(spec, state, due, now, pool, listener);
                } else if (next != null) {
                    ticker.sleepUntil(next);
                    continue;
                } else {
                    // nothing left to measure within the window
                    for (int i = 0; i < spec.metrics().size(); i++) {
                        if (state.metric(i).running()) {
                            state.metric(i)
                                    .complete(spec.metrics().get(i), "window " + format(spec.window()) + " ended");
                        }
                    }
                }
                listener.onProgress(state.copy());
            }
        } finally {
            pool.shutdownNow();
        }
        return decide(state);
    }

    /** Measures every due metric side by side, then counts and assesses them in the analysis' order. */
    private void round(
            AnalysisSpec spec,
            AnalysisState state,
            List<Integer> due,
            Instant at,
            ExecutorService pool,
            AnalysisListener listener)
            throws InterruptedException {
        List<Taken> taken = measureAll(due.stream().map(spec.metrics()::get).toList(), at, pool);
        if (Thread.interrupted()) {
            throw new InterruptedException(); // an aborted step's broken measurements must not decide it
        }
        Instant ended = taken.stream()
                .map(t -> t.measurement().finishedAt())
                .max(Comparator.naturalOrder())
                .orElse(at);
        for (int k = 0; k < due.size(); k++) {
            MetricState s = state.metric(due.get(k));
            Measurement m = taken.get(k).measurement();
            state.add(m);
            s.record(spec.metrics().get(due.get(k)), m, ended);
            listener.onMeasurement(m, s.measurements());
        }
        MetricState worst = null;
        for (int k = 0; k < due.size(); k++) {
            MetricState s = state.metric(due.get(k));
            if (taken.get(k).configurationError()) {
                s.misconfigured();
            } else {
                s.assess(spec.metrics().get(due.get(k)));
            }
            if (s.phase != null
                    && s.phase != AnalysisPhase.SUCCESSFUL
                    && (worst == null || s.phase.isWorseThan(worst.phase))) {
                worst = s;
            }
        }
        if (worst != null) {
            for (int i = 0; i < spec.metrics().size(); i++) {
                if (state.metric(i).running()) {
                    state.metric(i).stop(worst.name + " ended " + worst.phase.label());
                }
            }
        }
    }

    private record Taken(Measurement measurement, boolean configurationError) {}

    private List<Taken> measureAll(List<MetricSpec> metrics, Instant at, ExecutorService pool)
            throws InterruptedException {
        if (metrics.size() == 1) {
            return List.of(measure(metrics.get(0), at));
        }
        List<Future<Taken>> futures = new ArrayList<>();
        for (MetricSpec m : metrics) {
            futures.add(pool.submit(() -> measure(m, at)));
        }
        List<Taken> taken = new ArrayList<>();
        for (Future<Taken> f : futures) {
            try {
                taken.add(f.get());
            } catch (ExecutionException e) {
                // measure() turns every exception into an Error measurement; what gets here is a JVM Error
                throw new IllegalStateException("measurement failed", e.getCause());
            }
        }
        return taken;
    }

    private static final ThreadFactory MEASURING = r -> {
        Thread t = new Thread(r, "relgov analysis measurement");
        t.setDaemon(true);
        return t;
    };

    private Taken measure(MetricSpec metric, Instant started) {
        Sample sample;
        try {
            sample = source.measure(metric, started);
        } catch (MeasurementException e) {
            return new Taken(
                    new Measurement(metric.name(), started, ticker.now(), AnalysisPhase.ERROR, null, e.getMessage()),
                    e.isConfigurationError());
        } catch (RuntimeException e) {
            // a broken source must never look like a healthy release
            return new Taken(
                    new Measurement(
                            metric.name(),
                            started,
                            ticker.now(),
                            AnalysisPhase.ERROR,
                            null,
                            "measurement failed: " + e),
                    false);
        }
        return new Taken(classified(metric, sample, started, ticker.now()), false);
    }

    private static Measurement classified(MetricSpec metric, Sample sample, Instant started, Instant finished) {
        String value = sample.display();
        try {
            Classified c = classify(metric, sample.conditionInput());
            return new Measurement(metric.name(), started, finished, c.phase, value, c.message);
        } catch (ConditionException e) {
            if (sample.isEmpty()) {
                return new Measurement(
                        metric.name(),
                        started,
                        finished,
                        metric.emptyResult(),
                        value,
                        "empty result (the query matched no series), counted as "
                                + metric.emptyResult().label());
            }
            return new Measurement(metric.name(), started, finished, AnalysisPhase.ERROR, value, e.getMessage());
        }
    }

    record Classified(AnalysisPhase phase, String message) {}

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
            return new Classified(
                    AnalysisPhase.SUCCESSFUL,
                    success == null
                            ? "failureCondition '" + failure + "' does not hold"
                            : "successCondition '" + success + "' holds");
        }
        return new Classified(
                AnalysisPhase.INCONCLUSIVE,
                "neither successCondition '" + success + "' nor failureCondition '" + failure + "' holds");
    }

    /** The worst metric decides (the first of equals in the analysis' order names the reason). */
    private static AnalysisResult decide(AnalysisState state) {
        List<MetricResult> results = state.metrics();
        MetricResult worst = results.get(0);
        for (MetricResult r : results) {
            if (r.phase().isWorseThan(worst.phase())) {
                worst = r;
            }
        }
        String reason = worst.phase() == AnalysisPhase.SUCCESSFUL
                ? results.stream().map(r -> r.name() + ": " + r.message()).collect(Collectors.joining("; "))
                : worst.name() + " " + worst.message();
        List<Measurement> all = state.measurements();
        // detection latency runs from the failing metric's first failed measurement; only a Failed run has one
        String decider = worst.name();
        Instant firstBreach = worst.phase() != AnalysisPhase.FAILED
                ? null
                : all.stream()
                        .filter(m ->
                                m.phase() == AnalysisPhase.FAILED && m.metric().equals(decider))
                        .map(Measurement::startedAt)
                        .findFirst()
                        .orElse(null);
        Instant decided =
                all.isEmpty() ? state.startedAt() : all.get(all.size() - 1).finishedAt();
        return new AnalysisResult(worst.phase(), reason, results, all, state.startedAt(), firstBreach, decided);
    }

    static String format(Duration d) {
        return d.toString().substring(2).toLowerCase(java.util.Locale.ROOT);
    }
}
