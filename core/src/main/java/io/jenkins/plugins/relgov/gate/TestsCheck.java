package io.jenkins.plugins.relgov.gate;

import io.jenkins.plugins.relgov.report.TestResults;
import java.util.List;

/** {@code tests}: every test passes (skipped tests do not fail the gate), when the policy says testsMustPass. */
final class TestsCheck implements GateCheck {
    static final String ID = "tests";
    private static final String RULE = "gates.testsMustPass";

    @Override
    public List<CheckResult> evaluate(GateContext c) {
        if (!c.policy().gates().testsMustPass()) {
            return List.of(CheckResult.notApplicable(ID, RULE, "the policy does not require the tests to pass"));
        }
        Reported<TestResults> r = c.reports().tests();
        String threshold = "0 failed, 0 errored";
        if (!r.given()) {
            return List.of(CheckResult.error(
                    ID, threshold, RULE, "no JUnit report given, and the policy requires every test to pass"));
        }
        if (!r.usable()) {
            return List.of(CheckResult.error(ID, threshold, RULE, Format.list(r.problems())));
        }
        TestResults t = r.value();
        if (t.tests() == 0) {
            return List.of(CheckResult.error(
                    ID, threshold, RULE, "the JUnit reports (" + Format.list(r.files()) + ") hold no test case"));
        }
        String measured = Format.plural(t.tests(), "test") + ": " + t.failures() + " failed, " + t.errors()
                + " errored, " + t.skipped() + " skipped";
        long bad = t.failures() + t.errors();
        if (bad > 0) {
            return List.of(CheckResult.fail(
                    ID,
                    measured,
                    threshold,
                    RULE,
                    bad + " of " + Format.plural(t.tests(), "test")
                            + " did not pass (" + t.failures() + " failed, " + t.errors() + " errored): "
                            + Format.list(t.failing()) + (bad > t.failing().size() ? ", ..." : "")));
        }
        if (t.passed() == 0) {
            // no failure, but nothing ran either: that proves nothing about the tests
            return List.of(CheckResult.error(
                    ID,
                    threshold,
                    RULE,
                    "all " + Format.plural(t.tests(), "test") + " in " + Format.list(r.files())
                            + " were skipped: none ran"));
        }
        return List.of(CheckResult.pass(
                ID,
                measured,
                threshold,
                RULE,
                "all " + t.passed() + " run tests passed" + (t.skipped() > 0 ? " (" + t.skipped() + " skipped)" : "")));
    }
}
