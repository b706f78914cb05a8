package io.jenkins.plugins.relgov.report;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Findings counted by severity, from SARIF and Trivy reports.
 *
 * @param counts     findings per severity (every severity present, 0 when none)
 * @param suppressed SARIF results suppressed in the source or by an accepted suppression: not counted
 * @param notable    the first {@value #KEEP} critical, then the first {@value #KEEP} high findings,
 *                   e.g. {@code critical CVE-2020-1747 (requirements.txt)}
 */
public record Findings(Map<Severity, Long> counts, long suppressed, List<String> notable)
        implements java.io.Serializable {
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
        Tally names = new Tally();
        for (Severity s : List.of(Severity.CRITICAL, Severity.HIGH)) {
            String prefix = prefix(s);
            notable.stream().filter(n -> n.startsWith(prefix)).forEach(n -> names.note(s, n));
            other.notable.stream().filter(n -> n.startsWith(prefix)).forEach(n -> names.note(s, n));
        }
        return new Findings(sum, suppressed + other.suppressed, names.notable());
    }

    /** Accumulates findings one by one while a parser streams. */
    static final class Tally {
        private final EnumMap<Severity, Long> counts = new EnumMap<>(Severity.class);
        private final java.util.function.Consumer<ScanFinding> each;
        private final List<String> critical = new ArrayList<>();
        private final List<String> high = new ArrayList<>();
        private long suppressed;

        Tally() {
            this(null);
        }

        /** {@code each} (or null) is given every finding as it is counted, e.g. to list them in an attestation. */
        Tally(java.util.function.Consumer<ScanFinding> each) {
            this.each = each;
        }

        /** A finding {@code id} (a rule or vulnerability id) of severity {@code s} at {@code where} (a file or package, or null). */
        void add(Severity s, String id, String where) {
            counts.merge(s, 1L, Long::sum);
            note(s, prefix(s) + id + (where == null ? "" : " (" + where + ")"));
            if (each != null) {
                each.accept(new ScanFinding(id, s, where));
            }
        }

        private void note(Severity s, String line) {
            List<String> into = s == Severity.CRITICAL ? critical : s == Severity.HIGH ? high : null;
            if (into != null && into.size() < KEEP) {
                into.add(line);
            }
        }

        private List<String> notable() {
            List<String> all = new ArrayList<>(critical);
            all.addAll(high);
            return all;
        }

        void suppressed() {
            suppressed++;
        }

        Findings build() {
            return new Findings(counts, suppressed, notable());
        }
    }

    private static String prefix(Severity s) {
        return s.name().toLowerCase(Locale.ROOT) + " ";
    }
}
