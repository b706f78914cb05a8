package io.jenkins.plugins.relgov.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class CoverageParserTest {

    @Test
    void jacocoWithDoctypeAgreesWithProvenance() {
        CoverageReport r = Fixtures.parseShared("jacoco/jacoco-multi-package.xml", CoverageParser::parse);
        assertThat(r.format()).isEqualTo("JaCoCo");
        assertThat(r.line()).isEqualTo(new Ratio(128, 128 + 234));
        assertThat(r.branch()).isEqualTo(new Ratio(25, 25 + 84));
        assertThat(r.line().percent()).isCloseTo(35.36, within(0.005));
        assertThat(r.branch().percent()).isCloseTo(22.94, within(0.005));
        assertThat(r.packages())
                .extracting(CoverageReport.PackageCoverage::name)
                .containsExactlyInAnyOrder(
                        "ed/agenda", "ed/agenda/dao", "ed/agenda/entidades", "ed/agenda/excepciones");
    }

    @Test
    void jacocoPackagesSumToTheReport() {
        // PROVENANCE's cross-check, through our per-package figures: the packages' line percents are consistent
        CoverageReport r = Fixtures.parseShared("jacoco/jacoco-multi-package.xml", JacocoParser::parse);
        assertThat(r.packages()).allSatisfy(p -> assertThat(p.linePercent()).isBetween(0.0, 100.0));
    }

    @Test
    void ourJacocoReport() {
        CoverageReport r = Fixtures.parseGenerated("jacoco/jacoco.xml", CoverageParser::parse);
        assertThat(r.line()).isEqualTo(new Ratio(11, 13));
        assertThat(r.branch()).isEqualTo(new Ratio(8, 10));
        assertThat(r.packages())
                .singleElement()
                .satisfies(p -> assertThat(p.name()).isEqualTo("sample"));
    }

    @Test
    void coberturaMavenJavaWithExternalDoctypeAgreesWithProvenance() {
        CoverageReport r = Fixtures.parseShared("cobertura/cobertura-maven-java.xml", CoverageParser::parse);
        assertThat(r.format()).isEqualTo("Cobertura");
        assertThat(r.line()).isEqualTo(new Ratio(26, 26));
        assertThat(r.branch()).isEqualTo(new Ratio(6, 6));
        assertThat(r.packages()).singleElement().satisfies(p -> {
            assertThat(p.name()).isEqualTo("executor");
            assertThat(p.linePercent()).isEqualTo(100.0);
        });
    }

    @Test
    void coveragePyWithoutBranchMeasurementIsNotZeroPercent() {
        CoverageReport r = Fixtures.parseShared("cobertura/coveragepy-python.xml", CoberturaParser::parse);
        assertThat(r.line()).isEqualTo(new Ratio(32, 45));
        assertThat(r.line().percent()).isCloseTo(71.11, within(0.005));
        assertThat(r.branch().measured()).isFalse();
        assertThat(r.branch().percent()).isNaN();
        assertThat(r.packages()).hasSize(2);
    }

    @Test
    void ourCoveragePyReportWithBranches() {
        CoverageReport r = Fixtures.parseGenerated("cobertura/coverage-py.xml", CoverageParser::parse);
        assertThat(r.line()).isEqualTo(new Ratio(20, 26));
        assertThat(r.branch()).isEqualTo(new Ratio(6, 12));
        assertThat(r.branch().percent()).isEqualTo(50.0);
    }

    @Test
    void mergedReportsAddTheirCounts() {
        CoverageReport a = Fixtures.parseGenerated("jacoco/jacoco.xml", CoverageParser::parse);
        CoverageReport b = Fixtures.parseGenerated("cobertura/coverage-py.xml", CoverageParser::parse);
        CoverageReport both = a.plus(b);
        assertThat(both.line()).isEqualTo(new Ratio(31, 39));
        assertThat(both.format()).isEqualTo("JaCoCo+Cobertura");
        assertThat(both.packages()).hasSize(2);
    }

    @Test
    void rateOnlyCoberturaIsRefusedClearly() {
        assertThatThrownBy(() -> Fixtures.parseText("<coverage line-rate='0.9'/>", CoverageParser::parse))
                .isInstanceOf(ReportException.class)
                .hasMessageContaining("inline.xml line 1")
                .hasMessageContaining("lacks the lines-covered and lines-valid counts");
    }

    @Test
    void badCounterNamesTheAttribute() {
        String xml = "<report name='x'>\n<counter type='LINE' missed='many' covered='1'/></report>";
        assertThatThrownBy(() -> Fixtures.parseText(xml, CoverageParser::parse))
                .hasMessage("inline.xml line 2: attribute missed=\"many\" of <counter> is not a whole number");
    }

    @Test
    void unknownRootIsRefused() {
        assertThatThrownBy(() -> Fixtures.parseText("<testsuite/>", CoverageParser::parse))
                .hasMessageContaining("not a coverage report: the root element is <testsuite>");
    }
}
