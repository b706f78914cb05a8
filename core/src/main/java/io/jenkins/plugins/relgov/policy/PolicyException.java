package io.jenkins.plugins.relgov.policy;

import java.util.List;
import java.util.stream.Collectors;

/**
 * A policy that cannot be used, with every problem found in it (not just the first).
 * {@link #malformed()} is true when the file could not even be parsed as YAML/JSON.
 */
public final class PolicyException extends RuntimeException {

    private final transient List<PolicyProblem> problems;
    private final boolean malformed;

    public PolicyException(List<PolicyProblem> problems, boolean malformed) {
        super(summary(problems));
        this.problems = List.copyOf(problems);
        this.malformed = malformed;
    }

    public List<PolicyProblem> problems() {
        return problems;
    }

    /** The document is not well-formed YAML/JSON (or not a mapping), so nothing else was checked. */
    public boolean malformed() {
        return malformed;
    }

    private static String summary(List<PolicyProblem> problems) {
        return problems.size() + (problems.size() == 1 ? " problem" : " problems") + " in policy:\n"
                + problems.stream().map(p -> "  " + p).collect(Collectors.joining("\n"));
    }
}
