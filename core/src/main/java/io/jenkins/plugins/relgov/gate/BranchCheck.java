package io.jenkins.plugins.relgov.gate;

import io.jenkins.plugins.relgov.policy.Environment;
import io.jenkins.plugins.relgov.release.BranchGlob;
import java.util.List;
import java.util.Optional;

/** {@code branch}: the branch must match one of the target environment's branch patterns ({@link BranchGlob}). */
final class BranchCheck implements GateCheck {
    static final String ID = "branch";

    @Override
    public List<CheckResult> evaluate(GateContext c) {
        if (c.environment() == null || c.environment().isBlank()) {
            return List.of(CheckResult.notApplicable(ID, "environments", "no target environment given"));
        }
        String rule = "environments." + c.environment() + ".branches";
        Optional<Environment> env = c.policy().environment(c.environment());
        if (env.isEmpty()) {
            return List.of(CheckResult.error(
                    ID,
                    null,
                    "environments",
                    "environment '" + c.environment()
                            + "' is not in policy " + c.policy().name() + " (it has: "
                            + Format.list(List.copyOf(c.policy().environments().keySet())) + ")"));
        }
        List<String> patterns = env.get().branches();
        if (patterns.isEmpty()) {
            return List.of(
                    CheckResult.notApplicable(ID, rule, "environment " + c.environment() + " accepts any branch"));
        }
        String threshold = "one of " + Format.list(patterns);
        if (c.branch() == null || c.branch().isBlank()) {
            return List.of(CheckResult.error(
                    ID,
                    threshold,
                    rule,
                    "no branch given; " + c.environment() + " accepts only " + Format.list(patterns)));
        }
        for (String p : patterns) {
            if (BranchGlob.of(p).matches(c.branch())) {
                return List.of(CheckResult.pass(
                        ID,
                        c.branch(),
                        threshold,
                        rule,
                        "branch " + c.branch() + " matches " + p + ", allowed to deploy to " + c.environment()));
            }
        }
        return List.of(CheckResult.fail(
                ID,
                c.branch(),
                threshold,
                rule,
                "branch " + c.branch() + " may not deploy to " + c.environment() + " (allowed: " + Format.list(patterns)
                        + ")"));
    }
}
