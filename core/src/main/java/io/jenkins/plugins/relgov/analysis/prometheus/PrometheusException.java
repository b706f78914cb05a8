package io.jenkins.plugins.relgov.analysis.prometheus;

import io.jenkins.plugins.relgov.analysis.MeasurementException;

/** Prometheus could not be asked, or answered with an error (its errorType and error are in the message). */
public final class PrometheusException extends MeasurementException {
    private static final long serialVersionUID = 1L;

    public PrometheusException(String message) {
        super(message, null, false);
    }

    public PrometheusException(String message, Throwable cause) {
        super(message, cause, false);
    }

    private PrometheusException(String message, boolean configurationError) {
        super(message, null, configurationError);
    }

    /** Prometheus rejected the query itself (HTTP 400 bad_data): retrying the same PromQL cannot help. */
    static PrometheusException rejectedQuery(String message) {
        return new PrometheusException(message, true);
    }
}
