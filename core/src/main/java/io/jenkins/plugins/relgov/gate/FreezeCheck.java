package io.jenkins.plugins.relgov.gate;

import io.jenkins.plugins.relgov.policy.FreezeWindow;
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
        String threshold = "outside " + Format.list(windows.stream().map(FreezeWindow::name).toList());
        for (FreezeWindow w : windows) {
            if (w.contains(c.now())) {
                return List.of(CheckResult.fail(ID, c.now().toString(), threshold, RULE + "." + w.name(),
                        c.now() + " (" + c.now().atZone(w.zone()).toLocalDateTime() + " " + w.zone()
                                + ") falls in freeze window '" + w.name() + "'"));
            }
        }
        return List.of(CheckResult.pass(ID, c.now().toString(), threshold, RULE,
                c.now() + " is outside " + Format.plural(windows.size(), "freeze window")));
    }
}
