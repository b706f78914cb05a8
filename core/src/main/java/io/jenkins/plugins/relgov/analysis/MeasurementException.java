package io.jenkins.plugins.relgov.analysis;

/** A measurement could not be taken (Prometheus unreachable, timed out, answered with an error). */
public class MeasurementException extends Exception {
    private static final long serialVersionUID = 1L;

    public MeasurementException(String message) {
        super(message);
    }

    public MeasurementException(String message, Throwable cause) {
        super(message, cause);
    }
}
