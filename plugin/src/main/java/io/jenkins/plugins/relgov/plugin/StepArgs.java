package io.jenkins.plugins.relgov.plugin;

import hudson.AbortException;
import hudson.Util;
import io.jenkins.plugins.relgov.policy.Durations;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;

/** Parsing of step arguments, with errors that name the step and the argument. */
final class StepArgs {

    private StepArgs() {}

    /** Comma-separated patterns ({@code 'a/**}{@code /*.xml, b.xml'}), empty when none. */
    static List<String> patterns(String s) {
        return s == null
                ? List.of()
                : Arrays.stream(s.split(","))
                        .map(String::trim)
                        .filter(x -> !x.isEmpty())
                        .toList();
    }

    /** A duration such as {@code 30m}, {@code 48h} or {@code PT10M}; null when not given. */
    static Duration duration(String step, String arg, String value) throws AbortException {
        String v = Util.fixEmptyAndTrim(value);
        if (v == null) {
            return null;
        }
        try {
            return Durations.parse(v);
        } catch (IllegalArgumentException e) {
            throw new AbortException(step + ": " + arg + " '" + v + "': " + e.getMessage());
        }
    }
}
