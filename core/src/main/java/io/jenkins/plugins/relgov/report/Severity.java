package io.jenkins.plugins.relgov.report;

/** Severity of a security or quality finding, most severe first. */
public enum Severity {
    CRITICAL,
    HIGH,
    MEDIUM,
    LOW,
    /** Trivy's UNKNOWN: the database has no score for it. */
    UNKNOWN,
    /** SARIF level "none", or a security-severity below 0.1: not a problem. */
    NONE;

    /**
     * GitHub code scanning's buckets for a CVSS-like {@code security-severity}: above 9.0 critical,
     * 7.0 to 9.0 high (9.0 itself is high), 4.0 to 6.9 medium, 0.1 to 3.9 low.
     */
    public static Severity ofScore(double score) {
        if (score > 9.0) {
            return CRITICAL;
        } else if (score >= 7.0) {
            return HIGH;
        } else if (score >= 4.0) {
            return MEDIUM;
        } else if (score >= 0.1) {
            return LOW;
        }
        return NONE;
    }

    /**
     * The gate's reading of a SARIF {@code level} when the rule has no security-severity: {@code error}
     * is high, {@code warning} medium, {@code note} low, {@code none} none. A level never makes a finding
     * critical: only a score can say that. (This is how warnings-ng maps levels too.)
     */
    public static Severity ofSarifLevel(String level) {
        return switch (level) {
            case "error" -> HIGH;
            case "warning" -> MEDIUM;
            case "note" -> LOW;
            case "none" -> NONE;
            default ->
                throw new IllegalArgumentException(
                        "unknown SARIF level '" + level + "' (expected error, warning, note or none)");
        };
    }
}
