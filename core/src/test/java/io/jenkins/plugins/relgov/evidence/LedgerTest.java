package io.jenkins.plugins.relgov.evidence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jenkins.plugins.relgov.json.CanonicalJson;
import java.io.ByteArrayInputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LedgerTest {
    static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-22T10:00:00Z"), ZoneOffset.UTC);
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private static ObjectNode payload(String k, Object v) {
        return JSON.createObjectNode().putPOJO(k, v).deepCopy().put(k, String.valueOf(v));
    }

    @Test
    void eventsChainByTheHashOfTheirCanonicalJson() throws Exception {
        Ledger ledger = Ledger.inMemory(CLOCK);
        LedgerEvent first = ledger.append(EventType.GATE_EVALUATED, "jenkins", payload("gate", "coverage"));
        LedgerEvent second = ledger.append(EventType.APPROVAL_DECIDED, "alice", payload("role", "qa-lead"));

        assertThat(first.seq()).isZero();
        assertThat(first.prev()).isEqualTo("0".repeat(64));
        assertThat(second.prev())
                .isEqualTo(first.hash())
                .isEqualTo(CanonicalJson.sha256Hex(JSON.readTree(first.toLine())));
        assertThat(ledger.head()).isEqualTo(second.hash());
        // the line is RFC 8785 canonical: sorted keys, no whitespace
        assertThat(first.toLine())
                .isEqualTo("{\"actor\":\"jenkins\",\"payload\":{\"gate\":\"coverage\"},\"prev\":\"" + "0".repeat(64)
                        + "\",\"seq\":0,\"time\":\"2026-11-22T10:00:00Z\",\"type\":\"gate-evaluated\"}");

        List<LedgerEvent> back = Ledger.read(new ByteArrayInputStream(ledger.toBytes()), "ledger.jsonl");
        assertThat(back).isEqualTo(ledger.events());
        assertThat(Ledger.verifyChain(back, "ledger.jsonl")).isEmpty();
    }

    @Test
    void keyOrderAndWhitespaceDoNotChangeTheHash() throws Exception {
        Ledger ledger = Ledger.inMemory(CLOCK);
        ledger.append(
                EventType.GATE_EVALUATED,
                "jenkins",
                JSON.createObjectNode().put("gate", "tests").put("passed", true));
        ledger.append(EventType.DEPLOYMENT, "jenkins", payload("environment", "production"));
        String reformatted =
                "{ \"type\" : \"gate-evaluated\", \"seq\": 0, \"time\": \"2026-11-22T10:00:00Z\",\n".replace("\n", "")
                        + " \"payload\": {\"passed\": true, \"gate\": \"tests\"}, \"actor\": \"jenkins\", \"prev\": \""
                        + "0".repeat(64) + "\" }\n"
                        + ledger.events().get(1).toLine() + "\n";
        List<LedgerEvent> back =
                Ledger.read(new ByteArrayInputStream(reformatted.getBytes(StandardCharsets.UTF_8)), "l");
        assertThat(Ledger.verifyChain(back, "l")).isEmpty();
    }

    @Test
    void aChangedEventBreaksTheLinkOfTheNextOneAndIsNamed() throws Exception {
        Ledger ledger = Ledger.inMemory(CLOCK);
        for (int i = 0; i < 8; i++) {
            ledger.append(i == 6 ? EventType.APPROVAL_DECIDED : EventType.GATE_EVALUATED, "jenkins", payload("n", i));
        }
        String[] lines = new String(ledger.toBytes(), StandardCharsets.UTF_8).split("\n");
        lines[5] = lines[5].replace("\"n\":\"5\"", "\"n\":\"50\"");
        List<LedgerEvent> back = Ledger.read(
                new ByteArrayInputStream(String.join("\n", lines).getBytes(StandardCharsets.UTF_8)), "ledger.jsonl");
        assertThat(Ledger.verifyChain(back, "ledger.jsonl"))
                .extracting(Finding::toString)
                .containsExactly("ledger.jsonl line 7 (seq 6, approval-decided): prev hash does not match line 6");
        assertThat(Ledger.verifyChain(back, "ledger.jsonl"))
                .containsExactly(new Finding(
                        "ledger.jsonl line 7 (seq 6, approval-decided)", "prev hash does not match line 6"));
    }

    @Test
    void malformedLinesAreErrorsNamingTheLine() {
        String good = Ledger.inMemory(CLOCK)
                .append(EventType.DEPLOYMENT, "a", payload("x", 1))
                .toLine();
        assertThatThrownBy(() -> read(good + "\n{\"seq\":1,\n"))
                .hasMessage(
                        "ledger.jsonl line 2: not valid JSON (Unexpected end-of-input within/between Object entries)");
        assertThatThrownBy(() -> read(good + "\n\n")).hasMessage("ledger.jsonl line 2: empty line");
        assertThatThrownBy(() -> read(good.replace("deployment", "launch")))
                .hasMessage("ledger.jsonl line 1: unknown event type 'launch'");
        assertThatThrownBy(() -> read(good.replace("\"seq\":0", "\"seq\":-1")))
                .hasMessageContaining("line 1: seq is not a non-negative integer");
        assertThatThrownBy(() -> read(good.replace("\"actor\":\"a\",", "")))
                .hasMessageContaining("line 1: fields must be exactly");
        assertThatThrownBy(() -> read(good.replace("2026-11-22T10:00:00Z", "yesterday")))
                .hasMessageContaining("time 'yesterday' is not an ISO-8601 instant");
        assertThatThrownBy(() -> read("[1,2]")).hasMessage("ledger.jsonl line 1: not a JSON object");
    }

    private static List<LedgerEvent> read(String text) throws Exception {
        return Ledger.read(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), "ledger.jsonl");
    }

    @Test
    void parallelBranchesAppendingAtOnceNeverForkTheChain() throws Exception {
        Path file = dir.resolve("ledger.jsonl");
        int threads = 8;
        int each = 250;
        Ledger ledger;
        try (OutputStream out = Files.newOutputStream(file)) {
            ledger = Ledger.streamingTo(out, Clock.systemUTC());
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            CountDownLatch start = new CountDownLatch(1);
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int branch = t;
                done.add(pool.submit(() -> {
                    start.await();
                    for (int i = 0; i < each; i++) {
                        ledger.append(EventType.GATE_EVALUATED, "branch-" + branch, payload("i", i));
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> f : done) {
                f.get();
            }
            pool.shutdown();
        }
        List<LedgerEvent> back = Ledger.read(Files.newInputStream(file), "ledger.jsonl");
        assertThat(back).hasSize(threads * each);
        assertThat(Ledger.verifyChain(back, "ledger.jsonl")).isEmpty();
        Set<String> seen = new HashSet<>();
        back.forEach(e -> seen.add(e.actor() + "/" + e.payload().get("i").asText()));
        assertThat(seen).hasSize(threads * each); // nothing lost, nothing doubled
        assertThat(back.get(back.size() - 1).hash()).isEqualTo(ledger.head());
    }

    @Test
    void aLedgerFileIsReopenedAndContinued() throws Exception {
        Path file = dir.resolve("ledger.jsonl");
        Ledger a = Ledger.open(file, CLOCK);
        a.append(EventType.GATE_EVALUATED, "jenkins", payload("gate", "tests"));
        a.close();
        Ledger b = Ledger.open(file, CLOCK); // e.g. after a controller restart
        b.append(EventType.DEPLOYMENT, "jenkins", payload("environment", "staging"));
        b.close();
        List<LedgerEvent> back = Ledger.read(Files.newInputStream(file), "ledger.jsonl");
        assertThat(back).extracting(LedgerEvent::type).containsExactly("gate-evaluated", "deployment");
        assertThat(Ledger.verifyChain(back, "ledger.jsonl")).isEmpty();
        assertThatThrownBy(() -> b.append(EventType.DEPLOYMENT, "x", payload("a", 1)))
                .hasMessageContaining("sealed");

        Files.writeString(file, Files.readString(file).replace("staging", "production"));
        Files.writeString(
                file,
                Files.readString(file)
                        + new LedgerEvent(2, "2026-11-22T10:00:00Z", "review", "x", payload("a", 1), b.head()).toLine()
                        + "\n");
        assertThatThrownBy(() -> Ledger.open(file, CLOCK))
                .hasMessage("ledger.jsonl line 3 (seq 2, review): prev hash does not match line 2")
                .satisfies(e -> assertThat(((EvidenceException) e).finding("ledger.jsonl"))
                        .isEqualTo(
                                new Finding("ledger.jsonl line 3 (seq 2, review)", "prev hash does not match line 2")));
    }

    @Test
    void aPayloadCanonicalJsonRefusesLeavesTheLedgerUntouched() {
        Ledger ledger = Ledger.inMemory(CLOCK);
        ledger.append(EventType.DEPLOYMENT, "jenkins", payload("environment", "staging"));
        String head = ledger.head();
        assertThatThrownBy(() -> ledger.append(
                        EventType.GATE_EVALUATED,
                        "jenkins",
                        JSON.createObjectNode().put("ratio", Double.NaN)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(ledger.size()).isEqualTo(1);
        assertThat(ledger.head()).isEqualTo(head);
        assertThat(ledger.append(EventType.REVIEW, "carol", payload("ok", true)).prev())
                .isEqualTo(head);
    }

    @Test
    void recordedKindsCoverEvidenceAndWhatEventsAreByThemselves() {
        Ledger ledger = Ledger.inMemory(CLOCK);
        ledger.append(
                EventType.EVIDENCE_RECORDED, "jenkins", JSON.createObjectNode().put("kind", "security-scan"));
        ledger.append(EventType.APPROVAL_DECIDED, "alice", payload("role", "qa-lead"));
        ledger.append(EventType.GATE_EVALUATED, "jenkins", payload("gate", "tests"));
        assertThat(ledger.recordedKinds())
                .containsExactlyInAnyOrder("release-log", "security-scan", "approval", "gate-result");
        assertThat(ledger.whereRecorded("security-scan")).contains("ledger seq 0");
        assertThat(ledger.whereRecorded("approval")).contains("ledger seq 1");
        assertThat(ledger.whereRecorded("risk-assessment")).isEmpty();
    }

    @Test
    void asTheGatesEvidenceIndexItFindsKindsAndNamesItselfInReasons() {
        Ledger ledger = Ledger.inMemory(CLOCK);
        ledger.append(
                EventType.EVIDENCE_RECORDED, "jenkins", JSON.createObjectNode().put("kind", "security-scan"));
        var index = ledger.asEvidenceIndex();
        assertThat(index.find("security-scan")).contains("ledger seq 0");
        assertThat(index.find("test-summary")).isEmpty();
        // the gate's reason line reads "no test-summary evidence is recorded in <describe()>": a person's words,
        // never an object's toString (a lambda's class name reached sealed ledgers that way)
        assertThat(index.describe()).isEqualTo("the release's evidence ledger");
    }
}
