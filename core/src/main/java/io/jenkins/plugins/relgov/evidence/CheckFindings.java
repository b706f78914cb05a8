package io.jenkins.plugins.relgov.evidence;

import java.util.ArrayList;
import java.util.List;

/** The problems and warnings one check collects while it runs. */
final class CheckFindings {
    private final List<Finding> problems = new ArrayList<>();
    private final List<Finding> warnings = new ArrayList<>();

    void problem(String where, String what) {
        problems.add(new Finding(where, what));
    }

    void problems(List<Finding> more) {
        problems.addAll(more);
    }

    void warn(String where, String what) {
        warnings.add(new Finding(where, what));
    }

    boolean none() {
        return problems.isEmpty();
    }

    CheckOutcome outcome(String id, String label, String verified) {
        if (problems.isEmpty()) {
            return new CheckOutcome(id, label, CheckOutcome.Status.PASSED, verified, problems, warnings);
        }
        return new CheckOutcome(id, label, CheckOutcome.Status.FAILED, problems.size() + " problem(s)", problems, warnings);
    }

    /** A signing message names its source first ("seal.json.sig: not base64"); a finding names it apart. */
    static String withoutPlace(String message, String where) {
        String prefix = where + ": ";
        return message != null && message.startsWith(prefix) ? message.substring(prefix.length()) : String.valueOf(message);
    }
}
