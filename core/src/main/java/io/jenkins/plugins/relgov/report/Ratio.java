package io.jenkins.plugins.relgov.report;

/**
 * Covered out of total (lines or branches). A total of 0 means the report measured nothing of the kind
 * (coverage.py without {@code --branch} writes branch-rate 0 with 0 valid branches): not 0 %.
 */
public record Ratio(long covered, long total) implements java.io.Serializable {
    public static final Ratio NONE = new Ratio(0, 0);

    public boolean measured() {
        return total > 0;
    }

    /** Percent covered, or NaN when nothing was measured. */
    public double percent() {
        return measured() ? 100.0 * covered / total : Double.NaN;
    }

    public Ratio plus(Ratio other) {
        return new Ratio(covered + other.covered, total + other.total);
    }
}
