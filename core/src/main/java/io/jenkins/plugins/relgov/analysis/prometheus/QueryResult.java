package io.jenkins.plugins.relgov.analysis.prometheus;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A Prometheus query result: {@code vector} (one point per series), {@code scalar} (one series without labels,
 * one point) or {@code matrix} (query_range: many points per series). NaN and ±Inf are kept as doubles.
 */
public record QueryResult(String resultType, List<Series> series) {

    public QueryResult {
        series = List.copyOf(series);
    }

    public record Series(Map<String, String> labels, List<Point> points) {
        public Series {
            labels = Map.copyOf(labels);
            points = List.copyOf(points);
        }
    }

    public record Point(Instant time, double value) {}

    public boolean isScalar() {
        return "scalar".equals(resultType);
    }

    /** The last value of each series, in Prometheus' order (for a vector, its values). */
    public double[] lastValues() {
        return series.stream()
                .filter(s -> !s.points().isEmpty())
                .mapToDouble(s -> s.points().get(s.points().size() - 1).value())
                .toArray();
    }
}
