package io.jenkins.plugins.relgov.gate;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BinaryOperator;

/**
 * A kind of report as the pipeline gave it: the patterns asked for, the files they found, the merged
 * parsed value, and every problem (a pattern that matched nothing, an unreadable file). A check decides only
 * on a report without problems, so that nothing is silently lost.
 *
 * @param patterns the glob patterns given (empty: this kind of report was not given)
 * @param files    the files found, as displayed to users
 * @param value    the merged parse of the files that could be read, or null when none could
 * @param problems what went wrong, one line each naming the pattern or file
 */
public record Reported<T extends Serializable>(
        List<String> patterns, List<String> files, T value, List<String> problems) implements Serializable {

    public Reported {
        patterns = List.copyOf(patterns);
        files = List.copyOf(files);
        problems = List.copyOf(problems);
    }

    public static <T extends Serializable> Reported<T> notGiven() {
        return new Reported<>(List.of(), List.of(), null, List.of());
    }

    public boolean given() {
        return !patterns.isEmpty();
    }

    public boolean usable() {
        return given() && problems.isEmpty() && value != null;
    }

    /** Both reports' files and problems, and their values merged with {@code merge}. */
    public Reported<T> plus(Reported<T> other, BinaryOperator<T> merge) {
        List<String> p = new ArrayList<>(patterns);
        p.addAll(other.patterns);
        List<String> f = new ArrayList<>(files);
        f.addAll(other.files);
        List<String> pr = new ArrayList<>(problems);
        pr.addAll(other.problems);
        T v = value == null ? other.value : other.value == null ? value : merge.apply(value, other.value);
        return new Reported<>(p, f, v, pr);
    }
}
