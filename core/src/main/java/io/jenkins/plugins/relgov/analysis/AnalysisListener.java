package io.jenkins.plugins.relgov.analysis;

/** Hears each measurement as it is taken (the CLI prints it, the plugin writes it to the build log). */
@FunctionalInterface
public interface AnalysisListener {

    AnalysisListener NONE = (m, n) -> { };

    /**
     * @param measurement the measurement just taken
     * @param number      its 1-based number within its metric
     */
    void onMeasurement(Measurement measurement, int number);
}
