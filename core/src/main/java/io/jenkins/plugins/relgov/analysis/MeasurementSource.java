package io.jenkins.plugins.relgov.analysis;

import java.time.Instant;

/**
 * Takes one measurement of a metric. {@link LiveSource} asks Prometheus or the health-check URL;
 * {@link RecordedSource} replays recorded values (demos, tests of the decision logic).
 */
@FunctionalInterface
public interface MeasurementSource {

    /**
     * @param metric the metric to measure
     * @param at     the analysis clock's time for this measurement
     * @throws MeasurementException when no value could be obtained (it counts toward consecutiveErrorLimit)
     */
    Sample measure(MetricSpec metric, Instant at) throws MeasurementException;
}
