package io.jenkins.plugins.relgov.gate;

import io.jenkins.plugins.relgov.policy.FreezeWindow;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

/** {@code freeze}: no release inside one of the policy's freeze windows. */
final class FreezeCheck implements GateCheck {
    static final String ID = "freeze";
    private static final String RULE = "gates.freezeWindows";

    @Override
    public List<CheckResult> evaluate(GateContext c) {
        List<FreezeWindow> windows = c.policy().gates().freezeWindows();
        if (windows.isEmpty()) {
            return List.of(CheckResult.notApplicable(ID, RULE, "the policy declares no freeze window"));
        }
        Instant now = c.now().truncatedTo(ChronoUnit.SECONDS); // for people; the decision uses c.now()
        String threshold = "outside "
                + Format.list(windows.stream().map(FreezeWindow::name).toList());
        for (FreezeWindow w : windows) {
            if (w.contains(c.now())) {
                return List.of(CheckResult.fail(
                        ID,
                        now.toString(),
                        threshold,
                        RULE + "." + w.name(),
                        now + " (" + now.atZone(w.zone()).toLocalDateTime() + " " + w.zone()
                                + ") falls in freeze window '" + w.name() + "'"));
            }
        }
        return List.of(CheckResult.pass(
                ID,
                now.toString(),
                threshold,
                RULE,
                now + " is outside " + Format.plural(windows.size(), "freeze window")));
    }
}
