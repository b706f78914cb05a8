package io.jenkins.plugins.relgov.report;

import java.util.ArrayList;
import java.util.List;

/**
 * Line and branch coverage, overall and per package (JaCoCo {@code <package>}, Cobertura {@code <package>}).
 *
 * @param format   JaCoCo or Cobertura (or both, once merged)
 * @param line     overall line coverage
 * @param branch   overall branch coverage
 * @param packages per package
 */
public record CoverageReport(String format, Ratio line, Ratio branch, List<PackageCoverage> packages)
        implements java.io.Serializable {

    /**
     * One package. Cobertura gives packages only rates, so the percents are kept rather than counts.
     * NaN when the report did not measure it.
     */
    public record PackageCoverage(String name, double linePercent, double branchPercent)
            implements java.io.Serializable {}

    public CoverageReport {
        packages = List.copyOf(packages);
    }

    /** Adds the counts of two reports (e.g. two modules' reports). */
    public CoverageReport plus(CoverageReport other) {
        List<PackageCoverage> all = new ArrayList<>(packages);
        all.addAll(other.packages);
        String f = format.equals(other.format) ? format : format + "+" + other.format;
        return new CoverageReport(f, line.plus(other.line), branch.plus(other.branch), all);
    }
}
