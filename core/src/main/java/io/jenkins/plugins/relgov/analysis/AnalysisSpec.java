package io.jenkins.plugins.relgov.analysis;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * What to analyse: metrics measured side by side, and an optional window that bounds the whole run
 * (metrics still running when it ends are done: Successful when at least one measurement succeeded).
 */
public record AnalysisSpec(List<MetricSpec> metrics, Duration window) {

    public AnalysisSpec {
        metrics = List.copyOf(metrics == null ? List.of() : metrics);
        if (metrics.isEmpty()) {
            throw new IllegalArgumentException("an analysis needs at least one metric");
        }
        Set<String> names = new HashSet<>();
        for (MetricSpec m : metrics) {
            if (!names.add(m.name())) {
                throw new IllegalArgumentException("metric name '" + m.name() + "' is used twice");
            }
            if (window == null && m.effectiveCount() == null) {
                throw new IllegalArgumentException("metric '" + m.name()
                        + "' has an interval but no count, so it runs until the window ends: give a window");
            }
        }
        if (window != null && (window.isNegative() || window.isZero())) {
            throw new IllegalArgumentException("window must be positive, got " + window);
        }
    }

    public AnalysisSpec withWindow(Duration newWindow) {
        return new AnalysisSpec(metrics, newWindow);
    }
}
