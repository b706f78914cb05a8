package io.jenkins.plugins.relgov.report;

import java.util.ArrayList;
import java.util.List;

/**
 * Test case counts from JUnit XML reports. Counted from the {@code <testcase>} elements, not from the
 * summary attributes (which some reporters omit). A case with {@code <error>} is errored, with
 * {@code <failure>} failed, with {@code <skipped>} skipped; Surefire's flaky reruns count as passed.
 *
 * @param tests    test cases
 * @param failures failed cases
 * @param errors   errored cases
 * @param skipped  skipped cases
 * @param failing  the first {@value #KEEP} failed or errored cases ({@code class.name}), for the reason line
 */
public record TestResults(long tests, long failures, long errors, long skipped, List<String> failing)
        implements java.io.Serializable {
    public static final int KEEP = 10;
    public static final TestResults EMPTY = new TestResults(0, 0, 0, 0, List.of());

    public TestResults {
        failing = List.copyOf(failing);
    }

    public long passed() {
        return tests - failures - errors - skipped;
    }

    public TestResults plus(TestResults other) {
        List<String> names = new ArrayList<>(failing);
        for (String n : other.failing) {
            if (names.size() < KEEP) {
                names.add(n);
            }
        }
        return new TestResults(
                tests + other.tests, failures + other.failures, errors + other.errors, skipped + other.skipped, names);
    }
}
