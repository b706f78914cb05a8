package io.jenkins.plugins.relgov.policy;

import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Pre-deploy gates. A null threshold means the check is not part of the policy.
 *
 * @param testsMustPass     every test must pass (failures and errors fail the gate; skipped do not)
 * @param lineCoverage      required line coverage, e.g. {@code > 90%}
 * @param branchCoverage    required branch coverage
 * @param maxCritical       most critical findings allowed (0: none)
 * @param maxHigh           most high findings allowed
 * @param freezeWindows     periods during which nothing is released
 * @param requiredEvidence  evidence kinds that must already be recorded
 * @param onFailure         what a failed gate does to the build
 * @param reevaluation      how to re-evaluate a failing gate until it passes (null: once)
 * @param waivers           named, reasoned, expiring exceptions (the acceptance-of-risk form)
 */
public record Gates(
        boolean testsMustPass,
        Threshold lineCoverage,
        Threshold branchCoverage,
        Integer maxCritical,
        Integer maxHigh,
        List<FreezeWindow> freezeWindows,
        List<String> requiredEvidence,
        OnFailure onFailure,
        Reevaluation reevaluation,
        List<Waiver> waivers) {

    public static final Gates NONE = new Gates(false, null, null, null, null, null, null, null, null, null);

    /**
     * The checks a gate evaluates, one per rule above, by the ids waivers name them with; required evidence
     * is checked per kind as {@code evidence.<kind>}.
     */
    public static final List<String> CHECK_IDS = List.of(
            "tests",
            "coverage.line",
            "coverage.branch",
            "findings.critical",
            "findings.high",
            "freeze",
            "branch",
            "evidence");

    private static final Pattern EVIDENCE_CHECK = Pattern.compile("evidence\\.[a-z0-9][a-z0-9-]*");

    /** Whether {@code id} names a gate check: a waiver naming anything else could never apply. */
    public static boolean isCheckId(String id) {
        return id != null
                && (CHECK_IDS.contains(id) || EVIDENCE_CHECK.matcher(id).matches());
    }

    public enum OnFailure {
        FAIL,
        UNSTABLE
    }

    /** Re-evaluate every {@code interval} until the gate passes or {@code timeout} elapses. */
    public record Reevaluation(Duration interval, Duration timeout) {}

    public Gates {
        freezeWindows = List.copyOf(freezeWindows == null ? List.of() : freezeWindows);
        requiredEvidence = List.copyOf(requiredEvidence == null ? List.of() : requiredEvidence);
        onFailure = onFailure == null ? OnFailure.FAIL : onFailure;
        waivers = List.copyOf(waivers == null ? List.of() : waivers);
    }
}
