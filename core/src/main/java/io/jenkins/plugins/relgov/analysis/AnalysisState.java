package io.jenkins.plugins.relgov.analysis;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.Serial;
import java.io.Serializable;
import java.time.DateTimeException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * How far an analysis run has got: when it started, every measurement so far and each metric's counters and
 * next due time. {@link AnalysisRunner} hands a copy to {@link AnalysisListener#onProgress} after every round;
 * a caller that keeps the latest one (as {@link #toJson()} text, or serialised: it is written as that text)
 * can {@linkplain AnalysisRunner#resume resume} the run after a restart, with the same counters and the same
 * window end, as if it had never stopped. A copy is never changed by the run that made it.
 */
public final class AnalysisState implements Serializable {

    @Serial
    private static final long serialVersionUID = 1L;

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int FORMAT = 1;

    private final Instant startedAt;
    // transient: the state is serialised as its JSON text (writeReplace), never field by field
    private final transient List<MetricState> metrics;
    private final transient List<Measurement> measurements;

    private AnalysisState(Instant startedAt, List<MetricState> metrics, List<Measurement> measurements) {
        this.startedAt = startedAt;
        this.metrics = metrics;
        this.measurements = measurements;
    }

    /** A run that starts at {@code at}: each metric is first due after its initialDelay. */
    public static AnalysisState start(AnalysisSpec spec, Instant at) {
        List<MetricState> metrics = new ArrayList<>();
        for (MetricSpec m : spec.metrics()) {
            metrics.add(new MetricState(m.name(), at.plus(m.initialDelay())));
        }
        return new AnalysisState(Objects.requireNonNull(at, "at"), metrics, new ArrayList<>());
    }

    public Instant startedAt() {
        return startedAt;
    }

    /** Every measurement so far, in the order taken. */
    public List<Measurement> measurements() {
        return List.copyOf(measurements);
    }

    /** Each metric's counters, in the analysis' order; a metric still running has a null phase. */
    public List<MetricResult> metrics() {
        return metrics.stream().map(MetricState::result).toList();
    }

    /** True when every metric has ended: the run has its decision. */
    public boolean decided() {
        return metrics.stream().noneMatch(MetricState::running);
    }

    public AnalysisState copy() {
        return new AnalysisState(
                startedAt, metrics.stream().map(MetricState::copy).toList(), new ArrayList<>(measurements));
    }

    MetricState metric(int index) {
        return metrics.get(index);
    }

    void add(Measurement m) {
        measurements.add(m);
    }

    /** A saved state belongs to the analysis it was made for: same metrics, same order. */
    void checkFits(AnalysisSpec spec) {
        List<String> expected = spec.metrics().stream().map(MetricSpec::name).toList();
        List<String> saved = metrics.stream().map(s -> s.name).toList();
        if (!expected.equals(saved)) {
            throw new IllegalArgumentException(
                    "the saved analysis state is for metrics " + saved + ", not for this analysis' " + expected);
        }
    }

    /** The state as JSON text (format 1), for a caller to store. */
    public String toJson() {
        ObjectNode root = JSON.createObjectNode().put("format", FORMAT).put("startedAt", startedAt.toString());
        ArrayNode ms = root.putArray("metrics");
        for (MetricState s : metrics) {
            ms.addObject()
                    .put("name", s.name)
                    .put("nextAt", s.nextAt.toString())
                    .put("phase", s.phase == null ? null : s.phase.label())
                    .put("message", s.message)
                    .put("count", s.count)
                    .put("successful", s.successful)
                    .put("failed", s.failed)
                    .put("consecutiveFailed", s.consecutiveFailed)
                    .put("inconclusive", s.inconclusive)
                    .put("errors", s.errors)
                    .put("consecutiveErrors", s.consecutiveErrors);
        }
        ArrayNode taken = root.putArray("measurements");
        for (Measurement m : measurements) {
            taken.addObject()
                    .put("metric", m.metric())
                    .put("startedAt", m.startedAt().toString())
                    .put("finishedAt", m.finishedAt().toString())
                    .put("phase", m.phase().label())
                    .put("value", m.value())
                    .put("message", m.message());
        }
        try {
            return JSON.writeValueAsString(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Reads a state written by {@link #toJson()}.
     *
     * @throws IllegalArgumentException naming what is missing or wrong
     */
    public static AnalysisState fromJson(String json) {
        JsonNode root;
        try {
            root = JSON.readTree(Objects.requireNonNull(json, "json"));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("analysis state is not JSON: " + e.getOriginalMessage(), e);
        }
        if (root == null || root.path("format").asInt() != FORMAT) {
            throw new IllegalArgumentException("analysis state: expected format " + FORMAT);
        }
        List<Measurement> measurements = new ArrayList<>();
        for (JsonNode m : root.path("measurements")) {
            measurements.add(new Measurement(
                    text(m, "metric"),
                    instant(m, "startedAt"),
                    instant(m, "finishedAt"),
                    AnalysisPhase.parse(text(m, "phase")),
                    m.path("value").textValue(),
                    m.path("message").textValue()));
        }
        List<MetricState> metrics = new ArrayList<>();
        for (JsonNode n : root.path("metrics")) {
            MetricState s = new MetricState(text(n, "name"), instant(n, "nextAt"));
            s.phase = n.path("phase").isTextual()
                    ? AnalysisPhase.parse(n.path("phase").asText())
                    : null;
            s.message = n.path("message").textValue();
            s.count = n.path("count").asInt();
            s.successful = n.path("successful").asInt();
            s.failed = n.path("failed").asInt();
            s.consecutiveFailed = n.path("consecutiveFailed").asInt();
            s.inconclusive = n.path("inconclusive").asInt();
            s.errors = n.path("errors").asInt();
            s.consecutiveErrors = n.path("consecutiveErrors").asInt();
            s.last = measurements.stream()
                    .filter(m -> m.metric().equals(s.name))
                    .reduce((a, b) -> b)
                    .orElse(null);
            if (s.measurements() > 0 && s.last == null) {
                throw new IllegalArgumentException(
                        "analysis state: metric '" + s.name + "' counts measurements it does not list");
            }
            metrics.add(s);
        }
        if (metrics.isEmpty()) {
            throw new IllegalArgumentException("analysis state: no metrics");
        }
        return new AnalysisState(instant(root, "startedAt"), metrics, measurements);
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n.path(field);
        if (!v.isTextual()) {
            throw new IllegalArgumentException("analysis state: '" + field + "' is missing");
        }
        return v.asText();
    }

    private static Instant instant(JsonNode n, String field) {
        try {
            return Instant.parse(text(n, field));
        } catch (DateTimeException e) {
            throw new IllegalArgumentException("analysis state: '" + field + "' is not an instant", e);
        }
    }

    /** Serialised as its JSON text, so any serialiser stores a string and no internal shape. */
    @Serial
    private Object writeReplace() {
        return new Saved(toJson());
    }

    @Serial
    private void readObject(java.io.ObjectInputStream in) throws java.io.InvalidObjectException {
        throw new java.io.InvalidObjectException("an AnalysisState is read through its JSON form");
    }

    private static final class Saved implements Serializable {
        @Serial
        private static final long serialVersionUID = 1L;

        private final String json;

        Saved(String json) {
            this.json = json;
        }

        @Serial
        private Object readResolve() {
            return fromJson(json);
        }
    }
}
