package io.jenkins.plugins.relgov.evidence;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jenkins.plugins.relgov.FileNames;
import io.jenkins.plugins.relgov.gate.EvidenceIndex;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;

/**
 * An append-only, hash-chained event log written as JSON Lines (one canonical JSON event per line).
 * Appends are serialised by a lock, so parallel branches of a build interleave but never fork the
 * chain: each event's {@code prev} is the hash of the event appended just before it.
 *
 * <p>Where the ledger lives is the caller's business: memory, a file, or any stream (the plugin
 * writes it through Jenkins's artifact manager). {@link #read} rebuilds it from its lines.
 */
public final class Ledger {
    private static final Set<String> FIELDS = Set.of("seq", "time", "type", "actor", "payload", "prev");
    private final ReentrantLock lock = new ReentrantLock();
    private final List<LedgerEvent> events = new ArrayList<>();
    private final Clock clock;
    private final OutputStream sink;
    private String head = LedgerEvent.GENESIS;
    private boolean closed;

    private Ledger(Clock clock, OutputStream sink) {
        this.clock = clock;
        this.sink = sink;
    }

    /** A ledger kept in memory; write it out with {@link #writeTo}. */
    public static Ledger inMemory(Clock clock) {
        return new Ledger(clock, null);
    }

    /** A ledger that also writes each event as a line to {@code sink} as it is appended (and flushes). */
    public static Ledger streamingTo(OutputStream sink, Clock clock) {
        return new Ledger(clock, sink);
    }

    /**
     * Opens a ledger file, checking the chain of what is already there, and appends new events to it.
     * A new file is created when none exists.
     */
    public static Ledger open(Path file, Clock clock) throws IOException {
        List<LedgerEvent> existing = List.of();
        if (Files.exists(file)) {
            try (InputStream in = Files.newInputStream(file)) {
                existing = read(in, FileNames.of(file));
            }
            refuseBrokenChain(existing, FileNames.of(file));
        }
        Ledger ledger =
                new Ledger(clock, Files.newOutputStream(file, StandardOpenOption.CREATE, StandardOpenOption.APPEND));
        ledger.events.addAll(existing);
        if (!existing.isEmpty()) {
            ledger.head = existing.get(existing.size() - 1).hash();
        }
        return ledger;
    }

    /** A chain with a problem is not continued: the first one, where and what, is the error. */
    private static void refuseBrokenChain(List<LedgerEvent> events, String source) {
        List<Finding> problems = verifyChain(events, source);
        if (!problems.isEmpty()) {
            throw EvidenceException.at(problems.get(0).where(), problems.get(0).what());
        }
    }

    /** Rebuilds an in-memory ledger from events already read and checked. */
    public static Ledger of(List<LedgerEvent> events, Clock clock) {
        refuseBrokenChain(events, "ledger");
        Ledger ledger = new Ledger(clock, null);
        ledger.events.addAll(events);
        ledger.head = events.isEmpty()
                ? LedgerEvent.GENESIS
                : events.get(events.size() - 1).hash();
        return ledger;
    }

    public LedgerEvent append(EventType type, String actor, JsonNode payload) {
        if (actor == null || actor.isBlank()) {
            throw new IllegalArgumentException("an event needs an actor");
        }
        if (payload == null || !payload.isObject()) {
            throw new IllegalArgumentException("an event payload must be a JSON object");
        }
        lock.lock();
        try {
            if (closed) {
                throw new EvidenceException("the ledger is sealed; no more events can be appended");
            }
            // millisecond precision keeps the time field stable through any JSON tool
            String time = Instant.now(clock).truncatedTo(ChronoUnit.MILLIS).toString();
            LedgerEvent e = new LedgerEvent(events.size(), time, type.wire(), actor, payload.deepCopy(), head);
            // canonicalise first: a payload JCS refuses (NaN, huge integers) must leave the ledger untouched
            byte[] line = e.toLine().getBytes(StandardCharsets.UTF_8);
            String hash = Sha256.of(line);
            if (sink != null) {
                try {
                    sink.write(line);
                    sink.write('\n');
                    sink.flush();
                } catch (IOException io) {
                    throw new UncheckedIOException("cannot write ledger event " + e.label(), io);
                }
            }
            events.add(e);
            head = hash;
            return e;
        } finally {
            lock.unlock();
        }
    }

    /** Refuses further appends; returns the head that a seal signs. */
    public String close() {
        lock.lock();
        try {
            closed = true;
            if (sink != null) {
                try {
                    sink.close();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
            return head;
        } finally {
            lock.unlock();
        }
    }

    /** Hex SHA-256 of the last event (64 zeros when empty). */
    public String head() {
        lock.lock();
        try {
            return head;
        } finally {
            lock.unlock();
        }
    }

    public List<LedgerEvent> events() {
        lock.lock();
        try {
            return List.copyOf(events);
        } finally {
            lock.unlock();
        }
    }

    public int size() {
        lock.lock();
        try {
            return events.size();
        } finally {
            lock.unlock();
        }
    }

    /** The evidence kinds recorded so far: explicit evidence items plus what events are by themselves. */
    public Set<String> recordedKinds() {
        return recordedKinds(events());
    }

    /** This ledger as the gate engine's evidence index: evidence counts once it is recorded here. */
    public EvidenceIndex asEvidenceIndex() {
        return new EvidenceIndex() {
            @Override
            public java.util.Optional<String> find(String kind) {
                return whereRecorded(kind);
            }

            @Override
            public String describe() {
                return "the release's evidence ledger";
            }
        };
    }

    /** Where evidence of {@code kind} was recorded, e.g. "ledger seq 4 (evidence/junit/TEST-x.xml)", or empty. */
    public java.util.Optional<String> whereRecorded(String kind) {
        for (LedgerEvent e : events()) {
            JsonNode p = e.payload();
            boolean match = e.type().equals(EventType.EVIDENCE_RECORDED.wire())
                    ? kind.equals(p.path("kind").asText())
                    : EventType.of(e.type())
                            .flatMap(EventType::evidenceKind)
                            .map(kind::equals)
                            .orElse(false);
            if (match) {
                String file = p.path("file").path("path").asText(null);
                return java.util.Optional.of(
                        "ledger seq " + e.seq() + (file == null ? "" : " (evidence/" + file + ")"));
            }
        }
        if (kind.equals("release-log") && size() > 0) {
            return java.util.Optional.of("ledger seq 0");
        }
        // a fact of the ledger as a whole (the change's reason, segregation of duties ...)
        return DerivedEvidence.of(kind)
                .map(d -> ChangeTrace.of(new LedgerView(events())).proof(d))
                .filter(ChangeTrace.Proof::proven)
                .map(ChangeTrace.Proof::text);
    }

    static Set<String> recordedKinds(List<LedgerEvent> events) {
        Set<String> kinds = new LinkedHashSet<>();
        if (!events.isEmpty()) {
            kinds.add("release-log");
        }
        for (LedgerEvent e : events) {
            EventType.of(e.type()).flatMap(EventType::evidenceKind).ifPresent(kinds::add);
            if (e.type().equals(EventType.EVIDENCE_RECORDED.wire())) {
                kinds.add(e.payload().path("kind").asText());
            }
        }
        return kinds;
    }

    public void writeTo(OutputStream out) throws IOException {
        for (LedgerEvent e : events()) {
            out.write((e.toLine() + "\n").getBytes(StandardCharsets.UTF_8));
        }
    }

    public byte[] toBytes() {
        var out = new java.io.ByteArrayOutputStream();
        try {
            writeTo(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /**
     * Reads ledger lines. A line that is not a well-formed event is an error naming {@code source}
     * and the 1-based line number; the chain itself is checked by {@link #verifyChain}.
     */
    public static List<LedgerEvent> read(InputStream in, String source) throws IOException {
        List<LedgerEvent> out = new ArrayList<>();
        var reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
        int lineNo = 0;
        for (String line; (line = reader.readLine()) != null; ) {
            lineNo++;
            if (line.isEmpty()) {
                throw EvidenceException.at(source + " line " + lineNo, "empty line");
            }
            out.add(parseLine(line, source + " line " + lineNo));
        }
        return out;
    }

    static LedgerEvent parseLine(String line, String where) {
        JsonNode n;
        try {
            n = LedgerEvent.JSON.readTree(line);
        } catch (IOException e) {
            throw EvidenceException.at(where, "not valid JSON (" + firstLine(e.getMessage()) + ")");
        }
        if (!(n instanceof ObjectNode o)) {
            throw EvidenceException.at(where, "not a JSON object");
        }
        var names = new ArrayList<String>();
        o.fieldNames().forEachRemaining(names::add);
        if (names.size() != FIELDS.size() || !FIELDS.containsAll(names)) {
            throw EvidenceException.at(
                    where, "fields must be exactly seq, time, type, actor, payload, prev; found " + names);
        }
        JsonNode seq = o.get("seq");
        if (!seq.canConvertToExactIntegral() || seq.asLong() < 0) {
            throw EvidenceException.at(where, "seq is not a non-negative integer");
        }
        String time = text(o, "time", where);
        if (!isAppendedTime(time)) {
            try {
                Instant.parse(time);
            } catch (java.time.format.DateTimeParseException e) {
                throw EvidenceException.at(where, "time '" + time + "' is not an ISO-8601 instant");
            }
        }
        String type = text(o, "type", where);
        if (EventType.of(type).isEmpty()) {
            throw EvidenceException.at(where, "unknown event type '" + type + "'");
        }
        String prev = text(o, "prev", where);
        if (!isHexSha256(prev)) {
            throw EvidenceException.at(where, "prev is not a lowercase hex SHA-256");
        }
        if (!o.get("payload").isObject()) {
            throw EvidenceException.at(where, "payload is not a JSON object");
        }
        return new LedgerEvent(seq.asLong(), time, type, text(o, "actor", where), o.get("payload"), prev);
    }

    /**
     * Whether {@code t} has the exact form {@link #append} writes ({@code 2026-03-01T09:15:00.250Z}, or
     * without the fraction when it is zero) and is a real date and time. Every such string is one
     * {@link Instant#parse} accepts; checking it by hand spares the general ISO parser, which costs as
     * much as parsing the JSON line. Anything else still goes through {@code Instant.parse}.
     */
    static boolean isAppendedTime(String t) {
        int len = t.length();
        if (len != 20 && len != 24
                || t.charAt(4) != '-'
                || t.charAt(7) != '-'
                || t.charAt(10) != 'T'
                || t.charAt(13) != ':'
                || t.charAt(16) != ':'
                || t.charAt(len - 1) != 'Z'
                || len == 24 && (t.charAt(19) != '.' || digits(t, 20, 3) < 0)) {
            return false;
        }
        int year = digits(t, 0, 4);
        int month = digits(t, 5, 2);
        int day = digits(t, 8, 2);
        int hour = digits(t, 11, 2);
        int minute = digits(t, 14, 2);
        int second = digits(t, 17, 2);
        return year >= 1000
                && month >= 1
                && month <= 12
                && day >= 1
                && day <= java.time.YearMonth.of(year, month).lengthOfMonth()
                && hour >= 0
                && hour <= 23
                && minute >= 0
                && minute <= 59
                && second >= 0
                && second <= 59;
    }

    /** The decimal number in {@code s[from, from+count)}, or -1 unless all are ASCII digits. */
    private static int digits(String s, int from, int count) {
        int v = 0;
        for (int i = from; i < from + count; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            v = v * 10 + (c - '0');
        }
        return v;
    }

    /** Lower-case hex SHA-256 ({@code [0-9a-f]{64}}), checked per ledger line without a regex. */
    static boolean isHexSha256(String s) {
        if (s.length() != 64) {
            return false;
        }
        for (int i = 0; i < 64; i++) {
            char c = s.charAt(i);
            if (!(c >= '0' && c <= '9' || c >= 'a' && c <= 'f')) {
                return false;
            }
        }
        return true;
    }

    private static String text(ObjectNode o, String field, String where) {
        JsonNode v = o.get(field);
        if (!v.isTextual()) {
            throw EvidenceException.at(where, field + " is not a string");
        }
        return v.asText();
    }

    private static String firstLine(String s) {
        int nl = s == null ? -1 : s.indexOf('\n');
        return nl < 0 ? String.valueOf(s) : s.substring(0, nl);
    }

    private static String where(String source, int index, LedgerEvent e) {
        return source + " line " + (index + 1) + " (" + e.label() + ")";
    }

    /**
     * Checks sequence numbers and the hash chain. Each problem is a finding whose {@code where} names the
     * source, line and event and whose {@code what} says what differs; as text, e.g.
     * "ledger.jsonl line 7 (seq 6, approval-decided): prev hash does not match line 6".
     */
    public static List<Finding> verifyChain(List<LedgerEvent> events, String source) {
        List<Finding> problems = new ArrayList<>();
        String expectedPrev = LedgerEvent.GENESIS;
        for (int i = 0; i < events.size(); i++) {
            LedgerEvent e = events.get(i);
            if (e.seq() != i) {
                problems.add(new Finding(where(source, i, e), "seq should be " + i));
            }
            if (!e.prev().equals(expectedPrev)) {
                problems.add(new Finding(
                        where(source, i, e),
                        i == 0 ? "prev of the first event must be 64 zeros" : "prev hash does not match line " + i));
            }
            expectedPrev = e.hash();
        }
        return problems;
    }
}
