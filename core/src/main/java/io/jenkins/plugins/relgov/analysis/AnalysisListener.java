package io.jenkins.plugins.relgov.analysis;

/** Hears each measurement as it is taken (the CLI prints it, the plugin writes it to the build log). */
@FunctionalInterface
public interface AnalysisListener {

    AnalysisListener NONE = (m, n) -> {};

    /**
     * @param measurement the measurement just taken
     * @param number      its 1-based number within its metric
     */
    void onMeasurement(Measurement measurement, int number);

    /**
     * After each round (and when the window ends): the run's progress, a copy the run no longer changes. Keep the
     * latest to {@linkplain AnalysisRunner#resume resume} the run after a restart.
     */
    default void onProgress(AnalysisState state) {}
}
