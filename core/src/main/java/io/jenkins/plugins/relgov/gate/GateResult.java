package io.jenkins.plugins.relgov.gate;

import io.jenkins.plugins.relgov.policy.Gates;
import java.io.Serializable;
import java.time.Instant;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Every check of one gate evaluation. The gate passes when no check blocks (fails or errors without an
 * active waiver).
 *
 * @param policy      the policy's name
 * @param tier        the release tier (major, minor, patch, emergency), or null when unknown
 * @param environment the target environment, or null
 * @param branch      the branch being released, or null
 * @param evaluatedAt when
 * @param onFailure   what a failed gate does to the build (fail, or mark it unstable)
 * @param checks      the checks, in a stable order
 */
public record GateResult(
        String policy,
        String tier,
        String environment,
        String branch,
        Instant evaluatedAt,
        Gates.OnFailure onFailure,
        List<CheckResult> checks)
        implements Serializable {

    public enum Outcome {
        PASSED,
        FAILED,
        UNSTABLE
    }

    public GateResult {
        checks = List.copyOf(checks);
    }

    public boolean passed() {
        return checks.stream().noneMatch(CheckResult::blocking);
    }

    public Outcome outcome() {
        if (passed()) {
            return Outcome.PASSED;
        }
        return onFailure == Gates.OnFailure.UNSTABLE ? Outcome.UNSTABLE : Outcome.FAILED;
    }

    public List<CheckResult> blocking() {
        return checks.stream().filter(CheckResult::blocking).toList();
    }

    public List<CheckResult> waived() {
        return checks.stream().filter(c -> c.waiver() != null).toList();
    }

    /** One line: {@code gate FAILED (policy inopsio, tier minor): tests, coverage.line}. */
    public String summary() {
        String where = "(policy " + policy + (tier == null ? "" : ", tier " + tier) + ")";
        if (passed()) {
            long passedCount =
                    checks.stream().filter(c -> c.status() == CheckStatus.PASS).count();
            return "gate PASSED " + where + ": " + Format.plural(passedCount, "check") + " passed"
                    + (waived().isEmpty() ? "" : ", " + waived().size() + " waived");
        }
        return "gate " + outcome() + " " + where + ": "
                + blocking().stream().map(CheckResult::id).collect(Collectors.joining(", "));
    }

    public CheckResult check(String id) {
        return checks.stream()
                .filter(c -> c.id().equals(id))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no check '" + id + "' in this result"));
    }
}
