package io.jenkins.plugins.relgov.gate;

import io.jenkins.plugins.relgov.policy.Gates;
import io.jenkins.plugins.relgov.policy.Threshold;
import io.jenkins.plugins.relgov.report.CoverageReport;
import io.jenkins.plugins.relgov.report.Ratio;
import java.util.List;
import java.util.function.Function;

/** {@code coverage.line} and {@code coverage.branch}: overall coverage against the policy's percentage. */
final class CoverageCheck implements GateCheck {
    private final String id;
    private final String rule;
    private final String what;
    private final Function<Gates, Threshold> threshold;
    private final Function<CoverageReport, Ratio> ratio;

    private CoverageCheck(
            String id,
            String rule,
            String what,
            Function<Gates, Threshold> threshold,
            Function<CoverageReport, Ratio> ratio) {
        this.id = id;
        this.rule = rule;
        this.what = what;
        this.threshold = threshold;
        this.ratio = ratio;
    }

    static CoverageCheck line() {
        return new CoverageCheck(
                "coverage.line", "gates.lineCoverage", "line", Gates::lineCoverage, CoverageReport::line);
    }

    static CoverageCheck branch() {
        return new CoverageCheck(
                "coverage.branch", "gates.branchCoverage", "branch", Gates::branchCoverage, CoverageReport::branch);
    }

    @Override
    public List<CheckResult> evaluate(GateContext c) {
        Threshold t = threshold.apply(c.policy().gates());
        if (t == null) {
            return List.of(CheckResult.notApplicable(id, rule, "the policy sets no " + what + " coverage threshold"));
        }
        String required = t.toString();
        if (t.unit() != Threshold.Unit.PERCENT) {
            return List.of(CheckResult.error(
                    id, required, rule, "the " + what + " coverage threshold must be a percentage, such as '> 90%'"));
        }
        Reported<CoverageReport> r = c.reports().coverage();
        if (!r.given()) {
            return List.of(CheckResult.error(
                    id,
                    required,
                    rule,
                    "no coverage report given, and the policy requires " + what + " coverage " + required));
        }
        if (!r.usable()) {
            return List.of(CheckResult.error(id, required, rule, Format.list(r.problems())));
        }
        Ratio measured = ratio.apply(r.value());
        if (!measured.measured()) {
            return List.of(CheckResult.error(
                    id,
                    required,
                    rule,
                    "the coverage report (" + Format.list(r.files())
                            + ") measured no " + (what.equals("branch") ? "branches" : "lines")
                            + (what.equals("branch")
                                    ? " (coverage.py needs --branch; JaCoCo omits it when the code has no branches)"
                                    : "")));
        }
        double percent = measured.percent();
        boolean ok = t.test(percent);
        // two decimals, unless rounding would make a failure look like a pass (89.996% shown as 90%)
        int decimals = t.test(Format.rounded(percent, 2).doubleValue()) == ok ? 2 : 4;
        String value = Format.percent(percent, decimals);
        String counts = " (" + measured.covered() + " of " + measured.total()
                + (what.equals("branch") ? " branches)" : " lines)");
        if (ok) {
            return List.of(CheckResult.pass(
                    id, value, required, rule, what + " coverage " + value + counts + " meets " + required));
        }
        return List.of(CheckResult.fail(
                id,
                value,
                required,
                rule,
                what + " coverage " + value + counts + " does not meet the required " + required));
    }
}
