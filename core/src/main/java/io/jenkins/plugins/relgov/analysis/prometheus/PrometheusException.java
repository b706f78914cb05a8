package io.jenkins.plugins.relgov.analysis.prometheus;

import io.jenkins.plugins.relgov.analysis.MeasurementException;

/** Prometheus could not be asked, or answered with an error (its errorType and error are in the message). */
public final class PrometheusException extends MeasurementException {
    private static final long serialVersionUID = 1L;

    public PrometheusException(String message) {
        super(message);
    }

    public PrometheusException(String message, Throwable cause) {
        super(message, cause);
    }
}
