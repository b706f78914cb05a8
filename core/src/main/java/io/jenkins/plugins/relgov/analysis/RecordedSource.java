package io.jenkins.plugins.relgov.analysis;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Replays recorded measurements per metric, in order: values, empty results and errors. For demos and for
 * testing decision logic without a Prometheus. Running out of recordings is a measurement error, so a short
 * recording can never pass for a healthy release.
 */
public final class RecordedSource implements MeasurementSource {

    /** One recorded answer: a sample, or the error a real source would have thrown. */
    public record Recorded(Sample sample, String error) {
        public static Recorded value(double v) {
            return new Recorded(Sample.vector(v), null);
        }

        public static Recorded empty() {
            return new Recorded(Sample.vector(), null);
        }

        public static Recorded failure(String message) {
            return new Recorded(null, message);
        }
    }

    private final Map<String, List<Recorded>> recordings = new LinkedHashMap<>();
    private final Map<String, Integer> next = new LinkedHashMap<>();

    /** Adds recordings for a metric. */
    public RecordedSource record(String metric, Recorded... answers) {
        recordings.computeIfAbsent(metric, k -> new ArrayList<>()).addAll(List.of(answers));
        return this;
    }

    /** Adds one-element vector values for a metric, e.g. error ratios 0.01, 0.02, 0.07. */
    public RecordedSource values(String metric, double... values) {
        for (double v : values) {
            record(metric, Recorded.value(v));
        }
        return this;
    }

    @Override
    public synchronized Sample measure(MetricSpec metric, Instant at) throws MeasurementException {
        List<Recorded> list = recordings.getOrDefault(metric.name(), List.of());
        int i = next.merge(metric.name(), 1, Integer::sum) - 1;
        if (i >= list.size()) {
            throw new MeasurementException(
                    "no recorded measurement #" + (i + 1) + " for metric '" + metric.name() + "'");
        }
        Recorded r = list.get(i);
        if (r.error() != null) {
            throw new MeasurementException(r.error());
        }
        return r.sample();
    }
}
