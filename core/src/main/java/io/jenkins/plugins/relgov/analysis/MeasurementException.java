package io.jenkins.plugins.relgov.analysis;

/**
 * A measurement could not be taken (Prometheus unreachable, timed out, answered with an error). Most such
 * errors may pass and are retried; a {@linkplain #isConfigurationError() configuration error} (Prometheus
 * rejected the query as malformed) cannot, and ends the metric in Error at once.
 */
public class MeasurementException extends Exception {
    private static final long serialVersionUID = 1L;

    private final boolean configurationError;

    public MeasurementException(String message) {
        this(message, null, false);
    }

    public MeasurementException(String message, Throwable cause) {
        this(message, cause, false);
    }

    protected MeasurementException(String message, Throwable cause, boolean configurationError) {
        super(message, cause);
        this.configurationError = configurationError;
    }

    /** An error no retry can mend: the metric itself is wrong (e.g. its PromQL does not parse). */
    public static MeasurementException configuration(String message) {
        return new MeasurementException(message, null, true);
    }

    public boolean isConfigurationError() {
        return configurationError;
    }
}
