package io.jenkins.plugins.relgov.gate;

import java.util.List;

/** One kind of gate check; it may yield several results (one per evidence kind, say). */
interface GateCheck {
    List<CheckResult> evaluate(GateContext context);
}
