package io.jenkins.plugins.relgov.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class FindingsParserTest {

    private static Map<Severity, Long> counts(long critical, long high, long medium, long low, long unknown) {
        return Map.of(
                Severity.CRITICAL,
                critical,
                Severity.HIGH,
                high,
                Severity.MEDIUM,
                medium,
                Severity.LOW,
                low,
                Severity.UNKNOWN,
                unknown,
                Severity.NONE,
                0L);
    }

    @Test
    void trivySarifAgreesWithGithubBuckets() {
        Findings f = Fixtures.parseShared("sarif/trivy-critical-high.sarif", SarifParser::parse);
        assertThat(f.counts()).isEqualTo(counts(3, 11, 17, 5, 0));
        assertThat(f.total()).isEqualTo(36);
        assertThat(f.notable())
                .filteredOn(s -> s.startsWith("critical "))
                .containsExactlyInAnyOrder(
                        "critical CVE-2019-20477 (requirements.txt)",
                        "critical CVE-2020-14343 (requirements.txt)",
                        "critical CVE-2020-1747 (requirements.txt)");
    }

    @Test
    void trivySarifMediumOnly() {
        Findings f = Fixtures.parseShared("sarif/trivy-medium-only.sarif", SarifParser::parse);
        assertThat(f.counts()).isEqualTo(counts(0, 0, 2, 0, 0));
        assertThat(f.notable()).isEmpty();
    }

    @Test
    void codeqlResultsWithoutLevelUseRuleIndexAndScore() {
        Findings f = Fixtures.parseShared("sarif/codeql-javascript.sarif", SarifParser::parse);
        assertThat(f.counts()).isEqualTo(counts(3, 18, 0, 0, 0));
        assertThat(f.notable())
                .filteredOn(s -> s.startsWith("critical "))
                .extracting(s -> s.split(" ")[1])
                .containsExactlyInAnyOrder(
                        "js/command-line-injection", "js/hardcoded-credentials", "js/hardcoded-credentials");
    }

    @Test
    void checkovWithoutScoresCountsErrorLevelAsHigh() {
        // GitHub: 16 errors, no security buckets. The gate reads level error as high, never as critical.
        Findings f = Fixtures.parseShared("sarif/checkov-terraform.sarif", SarifParser::parse);
        assertThat(f.counts()).isEqualTo(counts(0, 16, 0, 0, 0));
    }

    @Test
    void ourEslintSarifCountsByLevelAndSetsTheSuppressedFindingApart() {
        // ESLint 9.39.5: no-eval and no-implied-eval (error), eqeqeq (warning), and one eqeqeq disabled in the source
        Findings f = Fixtures.parseGenerated("sarif/eslint.sarif", SarifParser::parse);
        assertThat(f.counts()).isEqualTo(counts(0, 2, 1, 0, 0));
        assertThat(f.suppressed()).isEqualTo(1);
        assertThat(f.notable())
                .containsExactly(
                        "high no-eval (file:///tmp/js-sample/discount.js)",
                        "high no-implied-eval (file:///tmp/js-sample/discount.js)");
    }

    @Test
    void trivyJsonCriticalHighWithAResultWithoutVulnerabilities() {
        Findings f = Fixtures.parseShared("trivy-json/trivy-image-critical-high.json", TrivyJsonParser::parse);
        assertThat(f.counts()).isEqualTo(counts(2, 8, 0, 0, 0));
        assertThat(f.notable()).contains("critical CVE-2024-45491 (libexpat)", "critical CVE-2024-45492 (libexpat)");
    }

    @Test
    void trivyJsonMixedWithUnknown() {
        Findings f = Fixtures.parseShared("trivy-json/trivy-image-mixed-unknown.json", TrivyJsonParser::parse);
        assertThat(f.counts()).isEqualTo(counts(0, 1, 2, 2, 2));
    }

    @Test
    void resultsBeforeToolAreHeldUntilTheRulesArrive() {
        String sarif = """
                {"version":"2.1.0","runs":[{
                  "results":[
                    {"ruleId":"A","ruleIndex":0,"level":"note"},
                    {"ruleId":"B"},
                    {"rule":{"id":"C","index":2}},
                    {"ruleId":"A","kind":"pass"},
                    {"ruleId":"B","suppressions":[{"kind":"inSource"}]},
                    {"ruleId":"B","suppressions":[{"kind":"external","status":"rejected"}],"level":"error"}],
                  "tool":{"driver":{"name":"t","rules":[
                    {"id":"A","properties":{"security-severity":"9.0"}},
                    {"id":"B","defaultConfiguration":{"level":"note"}},
                    {"id":"C","properties":{"security-severity":9.1}}]}}}]}""";
        Findings f = Fixtures.parseText(sarif, SarifParser::parse);
        // A: 9.0 is high (not critical); B: rule default note -> low; C: 9.1 critical; pass ignored;
        // accepted in-source suppression counted apart; rejected suppression still counts (error -> high)
        assertThat(f.counts()).isEqualTo(counts(1, 2, 0, 1, 0));
        assertThat(f.suppressed()).isEqualTo(1);
    }

    @Test
    void extensionRulesAreFoundThroughToolComponent() {
        String sarif = """
                {"version":"2.1.0","runs":[{"tool":{"driver":{"name":"codeql"},
                  "extensions":[{"name":"pack","rules":[{"id":"x","properties":{"security-severity":"9.8"}}]}]},
                  "results":[{"ruleId":"x","rule":{"id":"x","index":0,"toolComponent":{"index":0}}}]}]}""";
        assertThat(Fixtures.parseText(sarif, SarifParser::parse).count(Severity.CRITICAL))
                .isEqualTo(1);
    }

    @Test
    void truncatedSarifNamesFileAndLine() {
        String sarif =
                "{\"version\":\"2.1.0\",\n\"runs\":[{\"tool\":{\"driver\":{\"name\":\"t\"}},\n\"results\":[{\"ruleId\":\"A\"";
        assertThatThrownBy(() -> Fixtures.parseText(sarif, SarifParser::parse))
                .isInstanceOf(ReportException.class)
                .hasMessageStartingWith("inline.xml line 3: malformed JSON");
    }

    @Test
    void wrongVersionAndNonSarifAreRefused() {
        assertThatThrownBy(() -> Fixtures.parseText("{\"version\":\"1.0.0\",\"runs\":[]}", SarifParser::parse))
                .hasMessageContaining("SARIF version '1.0.0' is not supported");
        assertThatThrownBy(() -> Fixtures.parseText("{\"SchemaVersion\":2}", SarifParser::parse))
                .hasMessageContaining("not a SARIF log: no 'runs' array");
        assertThatThrownBy(() -> Fixtures.parseText(
                        "{\"version\":\"2.1.0\",\"runs\":[{\"tool\":{\"driver\":{}},"
                                + "\"results\":[{\"ruleId\":\"a\",\"level\":\"fatal\"}]}]}",
                        SarifParser::parse))
                .hasMessageContaining("unknown SARIF level 'fatal'");
    }

    @Test
    void trivyJsonIsRecognised() {
        assertThatThrownBy(() -> Fixtures.parseText("{\"runs\":[]}", TrivyJsonParser::parse))
                .hasMessage("inline.xml: not a Trivy JSON report: no SchemaVersion");
        assertThatThrownBy(() -> Fixtures.parseText(
                        "{\"SchemaVersion\":2,\"Results\":[{\"Target\":\"t\",\"Vulnerabilities\":[{\"VulnerabilityID\":\"C\",\"Severity\":\"SEVERE\"}]}]}",
                        TrivyJsonParser::parse))
                .hasMessageContaining("unknown Trivy Severity 'SEVERE'");
        Findings f = Fixtures.parseText(
                "{\"SchemaVersion\":2,\"Results\":[{\"Target\":\"main.tf\","
                        + "\"Misconfigurations\":[{\"ID\":\"AVD-1\",\"Status\":\"PASS\",\"Severity\":\"HIGH\"},"
                        + "{\"ID\":\"AVD-2\",\"Status\":\"FAIL\",\"Severity\":\"CRITICAL\"}],"
                        + "\"Secrets\":[{\"RuleID\":\"aws-key\",\"Severity\":\"CRITICAL\"}]}]}",
                TrivyJsonParser::parse);
        assertThat(f.count(Severity.CRITICAL)).isEqualTo(2);
        assertThat(f.count(Severity.HIGH)).isZero();
    }

    @Test
    void severityBucketsAtTheirEdges() {
        assertThat(Severity.ofScore(9.01)).isEqualTo(Severity.CRITICAL);
        assertThat(Severity.ofScore(9.0)).isEqualTo(Severity.HIGH);
        assertThat(Severity.ofScore(7.0)).isEqualTo(Severity.HIGH);
        assertThat(Severity.ofScore(6.9)).isEqualTo(Severity.MEDIUM);
        assertThat(Severity.ofScore(4.0)).isEqualTo(Severity.MEDIUM);
        assertThat(Severity.ofScore(0.1)).isEqualTo(Severity.LOW);
        assertThat(Severity.ofScore(0.0)).isEqualTo(Severity.NONE);
    }
}
