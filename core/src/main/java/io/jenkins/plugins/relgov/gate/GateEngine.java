package io.jenkins.plugins.relgov.gate;

import io.jenkins.plugins.relgov.policy.Gates;
import io.jenkins.plugins.relgov.policy.Waiver;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Evaluates the policy's pre-deploy gate: every check, then waivers. A failed or errored check is accepted
 * only by a waiver naming its id that has not expired; an expired waiver is named in the reason so that
 * nobody wonders why it did not apply.
 */
public final class GateEngine {
    private static final List<GateCheck> CHECKS = List.of(
            new TestsCheck(),
            CoverageCheck.line(),
            CoverageCheck.branch(),
            FindingsCheck.critical(),
            FindingsCheck.high(),
            new FreezeCheck(),
            new BranchCheck(),
            new EvidenceCheck());

    private GateEngine() {}

    /** Whether {@code id} names a check this engine evaluates (the policy's vocabulary, {@link Gates#isCheckId}). */
    public static boolean isCheckId(String id) {
        return Gates.isCheckId(id);
    }

    public static GateResult evaluate(GateContext context) {
        String where = " (policy " + context.policy().name()
                + (context.tier() == null ? "" : ", tier " + context.tierName()) + ")";
        List<CheckResult> results = new ArrayList<>();
        for (GateCheck check : CHECKS) {
            for (CheckResult r : check.evaluate(context)) {
                results.add(waive(r.withReason(r.reason() + where), context));
            }
        }
        return new GateResult(
                context.policy().name(),
                context.tierName(),
                context.environment(),
                context.branch(),
                context.now(),
                context.policy().gates().onFailure(),
                results);
    }

    private static CheckResult waive(CheckResult r, GateContext c) {
        if (r.status() != CheckStatus.FAIL && r.status() != CheckStatus.ERROR) {
            return r;
        }
        List<Waiver> named = c.policy().gates().waivers().stream()
                .filter(w -> w.check().equals(r.id()))
                .toList();
        Optional<Waiver> active =
                named.stream().filter(w -> w.activeAt(c.now())).findFirst();
        if (active.isPresent()) {
            Waiver w = active.get();
            return r.waivedBy(
                    w,
                    r.reason() + "; waived by " + w.acceptedBy() + " until " + w.expires() + ": " + w.reason()
                            + (w.reference() == null ? "" : " [" + w.reference() + "]"));
        }
        if (!named.isEmpty()) {
            Waiver w = named.get(0);
            return r.withReason(r.reason() + "; the waiver by " + w.acceptedBy() + " expired at " + w.expires());
        }
        return r;
    }
}
