package io.jenkins.plugins.relgov.gate;

import io.jenkins.plugins.relgov.policy.Gates;
import io.jenkins.plugins.relgov.report.Findings;
import io.jenkins.plugins.relgov.report.Severity;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/** {@code findings.critical} and {@code findings.high}: at most N findings of that severity in SARIF and Trivy reports. */
final class FindingsCheck implements GateCheck {
    private final Severity severity;
    private final String rule;
    private final Function<Gates, Integer> limit;

    private FindingsCheck(Severity severity, String rule, Function<Gates, Integer> limit) {
        this.severity = severity;
        this.rule = rule;
        this.limit = limit;
    }

    static FindingsCheck critical() {
        return new FindingsCheck(Severity.CRITICAL, "gates.maxCritical", Gates::maxCritical);
    }

    static FindingsCheck high() {
        return new FindingsCheck(Severity.HIGH, "gates.maxHigh", Gates::maxHigh);
    }

    @Override
    public List<CheckResult> evaluate(GateContext c) {
        String name = severity.name().toLowerCase(Locale.ROOT);
        String id = "findings." + name;
        Integer max = limit.apply(c.policy().gates());
        if (max == null) {
            return List.of(CheckResult.notApplicable(id, rule, "the policy sets no limit on " + name + " findings"));
        }
        String threshold = "at most " + max;
        Reported<Findings> r = c.reports().findings();
        if (!r.given()) {
            return List.of(CheckResult.error(
                    id,
                    threshold,
                    rule,
                    "no SARIF or Trivy report given, and the policy allows " + threshold + " " + name + " findings"));
        }
        if (!r.usable()) {
            return List.of(CheckResult.error(id, threshold, rule, Format.list(r.problems())));
        }
        long n = r.value().count(severity);
        String measured = n + " " + name;
        String prefix = name + " ";
        List<String> examples = r.value().notable().stream()
                .filter(s -> s.startsWith(prefix))
                .map(s -> s.substring(prefix.length()))
                .toList();
        if (n > max) {
            return List.of(CheckResult.fail(
                    id,
                    measured,
                    threshold,
                    rule,
                    Format.plural(n, name + " finding") + " where the policy allows " + max + ": "
                            + Format.list(examples) + (n > examples.size() ? ", ..." : "")));
        }
        return List.of(CheckResult.pass(
                id,
                measured,
                threshold,
                rule,
                Format.plural(n, name + " finding") + " in "
                        + Format.plural(r.files().size(), "report") + " (" + threshold + " allowed)"));
    }
}
