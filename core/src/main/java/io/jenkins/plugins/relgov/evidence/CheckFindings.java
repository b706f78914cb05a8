package io.jenkins.plugins.relgov.evidence;

import io.jenkins.plugins.relgov.signing.SigningException;
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
        return new CheckOutcome(
                id, label, CheckOutcome.Status.FAILED, problems.size() + " problem(s)", problems, warnings);
    }

    /**
     * What a signing problem says, told at {@code place}: without its place when it is that one ("not base64" for
     * seal.json.sig), else the whole message, which names its own place or none.
     */
    static String what(SigningException e, String place) {
        return place.equals(e.where()) ? e.what() : String.valueOf(e.getMessage());
    }
}
