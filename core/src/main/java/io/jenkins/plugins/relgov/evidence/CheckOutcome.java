package io.jenkins.plugins.relgov.evidence;

import java.util.List;

/**
 * What one check of the verifier found.
 *
 * @param id       stable name for scripts: {@code zip}, {@code seal}, {@code manifest}, {@code ledger},
 *                 {@code evidence}, {@code signatures}, {@code attestations}, {@code sigstore}, {@code timestamp},
 *                 {@code decision}, {@code summary}, {@code policy}
 * @param label    how the console names it ({@code zip structure}, {@code summary.md}, {@code policy inopsio (sha256:…)})
 * @param status   passed, failed (it found problems) or skipped (an earlier check left it nothing to check)
 * @param message  what was verified when it passed, why it was skipped, or how many problems it found
 * @param problems each problem: the file, line or ledger event, and what differs
 * @param warnings what an auditor should know although it does not make the bundle invalid
 */
public record CheckOutcome(
        String id, String label, Status status, String message, List<Finding> problems, List<Finding> warnings) {

    public enum Status {
        PASSED,
        FAILED,
        SKIPPED
    }

    public CheckOutcome {
        problems = List.copyOf(problems);
        warnings = List.copyOf(warnings);
    }

    static CheckOutcome skipped(String id, String label, String why) {
        return new CheckOutcome(id, label, Status.SKIPPED, why, List.of(), List.of());
    }

    /** "ledger: 11 events, hash chain intact, head …": the console's line for it. */
    public String line() {
        return label + ": " + message;
    }
}
