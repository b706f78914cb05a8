package io.jenkins.plugins.relgov.gate;

import io.jenkins.plugins.relgov.report.CoverageParser;
import io.jenkins.plugins.relgov.report.CoverageReport;
import io.jenkins.plugins.relgov.report.Findings;
import io.jenkins.plugins.relgov.report.JUnitParser;
import io.jenkins.plugins.relgov.report.ReportException;
import io.jenkins.plugins.relgov.report.ReportFinder;
import io.jenkins.plugins.relgov.report.SarifParser;
import io.jenkins.plugins.relgov.report.TestResults;
import io.jenkins.plugins.relgov.report.TrivyJsonParser;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;
import java.util.function.BinaryOperator;

/**
 * Finds report files by pattern under a workspace and parses them, keeping every problem as a line of the
 * result instead of throwing: a pattern that matches nothing, or a malformed file, becomes an error check.
 */
public final class ReportCollector {
    private final ReportFinder finder;

    public ReportCollector(Path workspace) {
        this.finder = new ReportFinder(workspace);
    }

    /** Collects all three kinds at once; empty pattern lists mean "not given". */
    public Reports collect(List<String> junit, List<String> coverage, List<String> sarif, List<String> trivy) {
        return new Reports(junit(junit), coverage(coverage), sarif(sarif).plus(trivy(trivy), Findings::plus));
    }

    public Reported<TestResults> junit(List<String> patterns) {
        return collect(patterns, JUnitParser::parse, TestResults::plus);
    }

    /** JaCoCo or Cobertura, recognised per file. */
    public Reported<CoverageReport> coverage(List<String> patterns) {
        return collect(patterns, CoverageParser::parse, CoverageReport::plus);
    }

    public Reported<Findings> sarif(List<String> patterns) {
        return collect(patterns, SarifParser::parse, Findings::plus);
    }

    public Reported<Findings> trivy(List<String> patterns) {
        return collect(patterns, TrivyJsonParser::parse, Findings::plus);
    }

    private <T extends Serializable> Reported<T> collect(
            List<String> patterns, BiFunction<InputStream, String, T> parser, BinaryOperator<T> merge) {
        List<String> files = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        T value = null;
        for (String pattern : patterns) {
            List<Path> found;
            try {
                found = finder.find(pattern);
            } catch (IllegalArgumentException | UncheckedIOException e) {
                problems.add(e.getMessage());
                continue;
            }
            if (found.isEmpty()) {
                problems.add(
                        Files.isDirectory(finder.base().resolve(pattern))
                                ? "pattern '" + pattern + "' names a folder, not a report file (write e.g. '" + pattern
                                        + "/**/*.xml')"
                                : "pattern '" + pattern + "' matched no file under " + finder.base());
            }
            for (Path file : found) {
                String name = finder.display(file);
                if (files.contains(name)) {
                    continue; // two patterns found the same file: count it once
                }
                files.add(name);
                try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 64 * 1024)) {
                    T parsed = parser.apply(in, name);
                    value = value == null ? parsed : merge.apply(value, parsed);
                } catch (ReportException e) {
                    problems.add(e.getMessage());
                } catch (IOException | UncheckedIOException e) {
                    problems.add(name + ": cannot read: " + e.getMessage());
                }
            }
        }
        return new Reported<>(patterns, files, value, problems);
    }
}
