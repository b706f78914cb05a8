package io.jenkins.plugins.relgov.analysis;

/**
 * The outcome of one measurement, one metric or a whole analysis, in Argo Rollouts' words.
 * Declared from best to worst: when metrics disagree, the worst one decides the run (as in Argo).
 */
public enum AnalysisPhase {
    SUCCESSFUL("Successful", 0),
    INCONCLUSIVE("Inconclusive", 3),
    ERROR("Error", 2),
    FAILED("Failed", 1);

    private final String label;
    private final int exitCode;

    AnalysisPhase(String label, int exitCode) {
        this.label = label;
        this.exitCode = exitCode;
    }

    /** Argo's spelling: Successful, Inconclusive, Error, Failed. */
    public String label() {
        return label;
    }

    /** The {@code relgov analyze} exit code: 0 successful, 1 failed, 2 error, 3 inconclusive. */
    public int exitCode() {
        return exitCode;
    }

    public boolean isWorseThan(AnalysisPhase other) {
        return ordinal() > other.ordinal();
    }

    /** Parses Argo's spelling, case-insensitively. */
    public static AnalysisPhase parse(String text) {
        for (AnalysisPhase p : values()) {
            if (p.label.equalsIgnoreCase(text == null ? "" : text.trim())) {
                return p;
            }
        }
        throw new IllegalArgumentException(
                "expected one of Successful, Failed, Inconclusive, Error, got '" + text + "'");
    }
}
