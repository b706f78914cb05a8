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
 *
 * <p>Trivy's own JSON was looser: a report with no {@code Results}, or {@code "Results": null}, counted as zero
 * findings. Trivy omits Results only when it scanned no target (a clean image still lists its OS packages as a
 * Result without Vulnerabilities, as the shared fixture trivy-image-critical-high.json does for "Java").
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
                .hasMessageContaining("line 2")
                .hasMessageContaining("executionSuccessful false");
    }

    @Test
    void aRunWithoutResultsIsNotClean() {
        assertThatThrownBy(() -> Fixtures.parseText("""
                {"version":"2.1.0","runs":[{"tool":{"driver":{"name":"codeql"}},"results":null}]}""", SarifParser::parse))
                .isInstanceOf(ReportException.class)
                .hasMessageContaining("no 'results'");
        assertThatThrownBy(() -> Fixtures.parseText("""
                {"version":"2.1.0","runs":[{"tool":{"driver":{"name":"codeql"}}}]}""", SarifParser::parse))
                .isInstanceOf(ReportException.class)
                .hasMessageContaining("no 'results'");
    }

    @Test
    void aLogWithNoRunAtAllIsNotClean() {
        assertThatThrownBy(() -> Fixtures.parseText("{\"version\":\"2.1.0\",\"runs\":[]}", SarifParser::parse))
                .isInstanceOf(ReportException.class)
                .hasMessageContaining("no run");
    }

    @Test
    void aSuccessfulRunWithNoResultsIsClean() {
        Findings f = Fixtures.parseText("""
                {"version":"2.1.0","runs":[{"tool":{"driver":{"name":"codeql"}},
                 "invocations":[{"executionSuccessful":true}],"results":[]}]}""", SarifParser::parse);
        assertThat(f.count(Severity.CRITICAL)).isZero();
    }

    @Test
    void aTrivyReportThatScannedNoTargetIsNotClean() {
        for (String report : new String[] {
            "{\"SchemaVersion\":2,\"ArtifactName\":\"app:1.0\",\"ArtifactType\":\"container_image\"}",
            "{\"SchemaVersion\":2,\"ArtifactName\":\"app:1.0\",\n\"Results\":null}",
            "{\"SchemaVersion\":2,\"ArtifactName\":\"app:1.0\",\n\"Results\":[]}"
        }) {
            assertThatThrownBy(() -> Fixtures.parseText(report, TrivyJsonParser::parse))
                    .as(report)
                    .isInstanceOf(ReportException.class)
                    .hasMessageContaining("lists no scanned target")
                    .hasMessageContaining("its findings are unknown");
        }
        assertThatThrownBy(() -> Fixtures.parseText("{\"SchemaVersion\":2,\n\"Results\":null}", TrivyJsonParser::parse))
                .hasMessageStartingWith(
                        "inline.xml line 2: the report lists no scanned target ('Results' is null or empty)");
    }

    @Test
    void aCleanTrivyScanListsItsTargetsAndCountsZero() {
        Findings f = Fixtures.parseText("""
                {"SchemaVersion":2,"ArtifactName":"app:1.0","Results":[
                 {"Target":"app:1.0 (alpine 3.20.2)","Class":"os-pkgs","Type":"alpine"},
                 {"Target":"Java","Class":"lang-pkgs","Type":"jar","Vulnerabilities":null}]}""", TrivyJsonParser::parse);
        assertThat(f.total()).isZero();
    }
}
