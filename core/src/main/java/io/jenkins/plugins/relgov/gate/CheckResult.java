package io.jenkins.plugins.relgov.gate;

import io.jenkins.plugins.relgov.policy.Waiver;
import java.io.Serializable;
import java.util.Objects;

/**
 * One check of a gate.
 *
 * @param id        stable id that waivers name: {@code tests}, {@code coverage.line}, {@code coverage.branch},
 *                  {@code findings.critical}, {@code findings.high}, {@code freeze}, {@code branch},
 *                  {@code evidence.<kind>}
 * @param status    pass, fail, not applicable or error
 * @param measured  what was measured, for people ({@code 87.4%}, {@code 3 critical}); null when nothing was
 * @param threshold what the policy demands ({@code > 90%}, {@code at most 0}); null when it demands nothing
 * @param rule      the policy rule it comes from ({@code gates.lineCoverage}, {@code tiers.minor.requiredEvidence})
 * @param reason    one line for people, naming the policy and tier
 * @param waiver    the active waiver that accepts this failure, or null
 */
public record CheckResult(
        String id, CheckStatus status, String measured, String threshold, String rule, String reason, Waiver waiver)
        implements Serializable {

    public CheckResult {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(reason, "reason");
    }

    /** A failure or error that no waiver accepts: it fails the gate. */
    public boolean blocking() {
        return (status == CheckStatus.FAIL || status == CheckStatus.ERROR) && waiver == null;
    }

    CheckResult withReason(String newReason) {
        return new CheckResult(id, status, measured, threshold, rule, newReason, waiver);
    }

    CheckResult waivedBy(Waiver w, String newReason) {
        return new CheckResult(id, status, measured, threshold, rule, newReason, w);
    }

    static CheckResult pass(String id, String measured, String threshold, String rule, String reason) {
        return new CheckResult(id, CheckStatus.PASS, measured, threshold, rule, reason, null);
    }

    static CheckResult fail(String id, String measured, String threshold, String rule, String reason) {
        return new CheckResult(id, CheckStatus.FAIL, measured, threshold, rule, reason, null);
    }

    static CheckResult error(String id, String threshold, String rule, String reason) {
        return new CheckResult(id, CheckStatus.ERROR, null, threshold, rule, reason, null);
    }

    static CheckResult notApplicable(String id, String rule, String reason) {
        return new CheckResult(id, CheckStatus.NOT_APPLICABLE, null, null, rule, reason, null);
    }
}
