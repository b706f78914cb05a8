package io.jenkins.plugins.relgov.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class JUnitParserTest {

    @Test
    void jestJunitWithoutSkippedAttributeAgreesWithProvenance() {
        TestResults r = Fixtures.parseShared("junit/jest-junit.xml", JUnitParser::parse);
        assertThat(r).isEqualTo(new TestResults(9, 0, 0, 0, java.util.List.of()));
    }

    @Test
    void playwrightFailureWithoutXmlDeclarationAgreesWithProvenance() {
        TestResults r = Fixtures.parseShared("junit/playwright-junit-failure.xml", JUnitParser::parse);
        assertThat(r.tests()).isEqualTo(3);
        assertThat(r.failures()).isEqualTo(1);
        assertThat(r.errors()).isZero();
        assertThat(r.skipped()).isZero();
        assertThat(r.failing()).hasSize(1);
    }

    @Test
    void surefireTestsuiteRootAgreesWithProvenance() {
        TestResults r = Fixtures.parseShared(
                "junit/surefire-TEST-ed.agenda.daoTest.TestAgendaDaoExcel.xml", JUnitParser::parse);
        assertThat(r).isEqualTo(new TestResults(3, 0, 0, 0, java.util.List.of()));
    }

    @Test
    void ourSurefireReportTellsFailedFromErroredFromSkipped() {
        TestResults r = Fixtures.parseGenerated("surefire/TEST-sample.FeesTest.xml", JUnitParser::parse);
        assertThat(r.tests()).isEqualTo(5);
        assertThat(r.failures()).isEqualTo(1);
        assertThat(r.errors()).isEqualTo(1);
        assertThat(r.skipped()).isEqualTo(1);
        assertThat(r.passed()).isEqualTo(2);
        assertThat(r.failing())
                .containsExactlyInAnyOrder(
                        "sample.FeesTest.internationalFeeDeliberatelyWrong", "sample.FeesTest.errorsWithAnException");
        TestResults both = r.plus(Fixtures.parseGenerated("surefire/TEST-sample.BandTest.xml", JUnitParser::parse));
        assertThat(both.tests()).isEqualTo(7);
        assertThat(both.passed()).isEqualTo(4);
    }

    @Test
    void nestedSuitesAndFlakyRerunsAreCountedByTheirCases() {
        String xml = """
                <testsuites><testsuite name="a"><testsuite name="b">
                  <testcase classname="C" name="flaky"><flakyFailure message="x"/></testcase>
                  <testcase classname="C" name="both"><failure/><error/></testcase>
                  <testcase classname="C" name="ok"><system-out>&lt;failure/&gt;</system-out></testcase>
                </testsuite></testsuite></testsuites>""";
        TestResults r = Fixtures.parseText(xml, JUnitParser::parse);
        assertThat(r).isEqualTo(new TestResults(3, 0, 1, 0, java.util.List.of("C.both")));
    }

    @Test
    void otherRootIsRefusedByName() {
        assertThatThrownBy(() -> Fixtures.parseText("<html/>", JUnitParser::parse))
                .isInstanceOf(ReportException.class)
                .hasMessage(
                        "inline.xml line 1: not a JUnit report: the root element is <html>, expected <testsuite> or <testsuites>");
    }

    @Test
    void truncatedFileErrorsWithFileAndLine() {
        String xml = "<testsuite>\n<testcase name='a'/>\n<testcase name='b'>\n";
        assertThatThrownBy(() -> Fixtures.parseText(xml, JUnitParser::parse))
                .isInstanceOf(ReportException.class)
                .hasMessageStartingWith("inline.xml line ")
                .hasMessageContaining("malformed XML");
    }
}
