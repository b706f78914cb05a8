package io.jenkins.plugins.relgov.gate;

import io.jenkins.plugins.relgov.report.CoverageReport;
import io.jenkins.plugins.relgov.report.Findings;
import io.jenkins.plugins.relgov.report.TestResults;
import java.io.Serializable;

/** The parsed reports a gate decides on; serialisable so that an agent can parse and a controller decide. */
public record Reports(Reported<TestResults> tests, Reported<CoverageReport> coverage, Reported<Findings> findings)
        implements Serializable {

    public static final Reports NONE = new Reports(null, null, null);

    public Reports {
        tests = tests == null ? Reported.notGiven() : tests;
        coverage = coverage == null ? Reported.notGiven() : coverage;
        findings = findings == null ? Reported.notGiven() : findings;
    }
}
