package io.jenkins.plugins.relgov.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/**
 * Review attack: a scanner that crashed still writes SARIF, but says so: its invocation has
 * {@code executionSuccessful: false}, or its run has no {@code results} (null or absent; GitHub code scanning
 * refuses such a run). The parser read both as "no findings", so a failed scan passed {@code maxCritical: 0}.
 * The SARIF TC's rule for a complete run (oasis-tcs/sarif-spec#398): every invocation successful and
 * {@code results} non-null.
 */
class FailedScanTest {

    @Test
    void aRunWhoseToolFailedIsNotAClean() {
        String sarif = """
                {"version":"2.1.0","runs":[{"tool":{"driver":{"name":"trivy"}},
                 "invocations":[{"executionSuccessful":false,
                   "toolExecutionNotifications":[{"level":"error","message":{"text":"db download failed"}}]}],
                 "results":[]}]}""";
        assertThatThrownBy(() -> Fixtures.parseText(sarif, SarifParser::parse))
                .isInstanceOf(ReportException.class)
                .hasMessageContaining("line 2").hasMessageContaining("executionSuccessful false");
    }

    @Test
    void aRunWithoutResultsIsNotClean() {
        assertThatThrownBy(() -> Fixtures.parseText("""
                {"version":"2.1.0","runs":[{"tool":{"driver":{"name":"codeql"}},"results":null}]}""", SarifParser::parse))
                .isInstanceOf(ReportException.class).hasMessageContaining("no 'results'");
        assertThatThrownBy(() -> Fixtures.parseText("""
                {"version":"2.1.0","runs":[{"tool":{"driver":{"name":"codeql"}}}]}""", SarifParser::parse))
                .isInstanceOf(ReportException.class).hasMessageContaining("no 'results'");
    }

    @Test
    void aLogWithNoRunAtAllIsNotClean() {
        assertThatThrownBy(() -> Fixtures.parseText("{\"version\":\"2.1.0\",\"runs\":[]}", SarifParser::parse))
                .isInstanceOf(ReportException.class).hasMessageContaining("no run");
    }

    @Test
    void aSuccessfulRunWithNoResultsIsClean() {
        Findings f = Fixtures.parseText("""
                {"version":"2.1.0","runs":[{"tool":{"driver":{"name":"codeql"}},
                 "invocations":[{"executionSuccessful":true}],"results":[]}]}""", SarifParser::parse);
        assertThat(f.count(Severity.CRITICAL)).isZero();
    }
}
