package io.jenkins.plugins.relgov.report;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Findings counted by severity, from SARIF and Trivy reports.
 *
 * @param counts     findings per severity (every severity present, 0 when none)
 * @param suppressed SARIF results suppressed in the source or by an accepted suppression: not counted
 * @param notable    the first {@value #KEEP} critical and high findings, e.g. {@code CVE-2020-1747 (requirements.txt)}
 */
public record Findings(Map<Severity, Long> counts, long suppressed, List<String> notable) {
    public static final int KEEP = 10;
    public static final Findings EMPTY = new Findings(Map.of(), 0, List.of());

    public Findings {
        EnumMap<Severity, Long> all = new EnumMap<>(Severity.class);
        for (Severity s : Severity.values()) {
            all.put(s, counts.getOrDefault(s, 0L));
        }
        counts = Collections.unmodifiableMap(all);
        notable = List.copyOf(notable);
    }

    public long count(Severity severity) {
        return counts.get(severity);
    }

    public long total() {
        return counts.values().stream().mapToLong(Long::longValue).sum();
    }

    public Findings plus(Findings other) {
        EnumMap<Severity, Long> sum = new EnumMap<>(counts);
        other.counts.forEach((s, n) -> sum.merge(s, n, Long::sum));
        List<String> names = new ArrayList<>(notable);
        for (String n : other.notable) {
            if (names.size() < KEEP) {
                names.add(n);
            }
        }
        return new Findings(sum, suppressed + other.suppressed, names);
    }

    /** Accumulates findings one by one while a parser streams. */
    static final class Tally {
        private final EnumMap<Severity, Long> counts = new EnumMap<>(Severity.class);
        private final List<String> notable = new ArrayList<>();
        private long suppressed;

        void add(Severity s, String label) {
            counts.merge(s, 1L, Long::sum);
            if ((s == Severity.CRITICAL || s == Severity.HIGH) && notable.size() < KEEP) {
                notable.add(s.name().toLowerCase(java.util.Locale.ROOT) + " " + label);
            }
        }

        void suppressed() {
            suppressed++;
        }

        Findings build() {
            return new Findings(counts, suppressed, notable);
        }
    }
}
