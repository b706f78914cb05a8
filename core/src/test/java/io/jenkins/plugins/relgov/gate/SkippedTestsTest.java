package io.jenkins.plugins.relgov.gate;

import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.relgov.policy.TierKind;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Review attack: "every test passes" was read as "no test failed", so a report in which every test case was
 * skipped (all tests @Disabled, or an assumption that never holds) passed the tests check with
 * "all 0 run tests passed". No test ran: that is not evidence that the tests pass.
 */
class SkippedTestsTest {
    @TempDir
    Path workspace;

    CheckResult tests(String report) throws Exception {
        Files.writeString(workspace.resolve("TEST-shop.xml"), report);
        Reports reports =
                new ReportCollector(workspace).collect(List.of("TEST-*.xml"), List.of(), List.of(), List.of());
        GateResult r = GateEngine.evaluate(new GateContext(
                TestPolicies.policy(TestPolicies.inopsioGates()),
                TierKind.MINOR,
                null,
                null,
                Instant.parse("2026-11-20T10:00:00Z"),
                null,
                reports));
        return r.check("tests");
    }

    @Test
    void aReportWhoseEveryTestWasSkippedIsNotAPass() throws Exception {
        CheckResult c = tests("""
                <testsuite name="shop" tests="2" skipped="2" failures="0" errors="0">
                  <testcase classname="shop.CartTest" name="adds"><skipped/></testcase>
                  <testcase classname="shop.CartTest" name="removes"><skipped message="disabled"/></testcase>
                </testsuite>
                """);
        assertThat(c.status()).isEqualTo(CheckStatus.ERROR);
        assertThat(c.reason()).contains("2 tests", "skipped", "none ran");
    }

    @Test
    void oneRunTestAmongSkippedOnesStillPasses() throws Exception {
        CheckResult c = tests("""
                <testsuite name="shop" tests="2">
                  <testcase classname="shop.CartTest" name="adds"/>
                  <testcase classname="shop.CartTest" name="removes"><skipped/></testcase>
                </testsuite>
                """);
        assertThat(c.status()).isEqualTo(CheckStatus.PASS);
    }
}
