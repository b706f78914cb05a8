package io.jenkins.plugins.relgov.evidence;

import java.util.ArrayList;
import java.util.List;

/** What the verifier found: problems (the bundle is invalid if any), warnings and what was checked. */
public final class VerificationReport {
    private final List<Finding> problems = new ArrayList<>();
    private final List<String> warnings = new ArrayList<>();
    private final List<String> checked = new ArrayList<>();

    void problem(String where, String what) {
        problems.add(new Finding(where, what));
    }

    void problems(List<Finding> more) {
        problems.addAll(more);
    }

    void warn(String message) {
        warnings.add(message);
    }

    void checked(String message) {
        checked.add(message);
    }

    public boolean valid() {
        return problems.isEmpty();
    }

    public List<Finding> problems() {
        return List.copyOf(problems);
    }

    public List<String> warnings() {
        return List.copyOf(warnings);
    }

    public List<String> checked() {
        return List.copyOf(checked);
    }

    /** A plain-text report, one line per item, for the console. */
    public String render() {
        var sb = new StringBuilder();
        checked.forEach(c -> sb.append("ok       ").append(c).append('\n'));
        warnings.forEach(w -> sb.append("warning  ").append(w).append('\n'));
        problems.forEach(p -> sb.append("INVALID  ").append(p).append('\n'));
        sb.append(valid() ? "VALID\n" : "INVALID: " + problems.size() + " problem(s)\n");
        return sb.toString();
    }
}
