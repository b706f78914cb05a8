package io.jenkins.plugins.relgov.benchmarks;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jenkins.plugins.relgov.evidence.EventType;
import io.jenkins.plugins.relgov.evidence.Finding;
import io.jenkins.plugins.relgov.evidence.Ledger;
import io.jenkins.plugins.relgov.evidence.LedgerEvent;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The evidence ledger: appending an event (canonical JSON + SHA-256 under the lock), from one
 * thread and from four at once (parallel branches contend for the lock), and reading back and
 * checking the chain of a 1,000-event ledger (what the verifier does).
 *
 * <pre>java -jar benchmarks/target/benchmarks.jar LedgerBenchmark</pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class LedgerBenchmark {
    private Ledger ledger;
    private ObjectNode payload;
    private byte[] thousand;

    @Setup(Level.Iteration)
    public void setUp() {
        ledger = Ledger.inMemory(Clock.systemUTC());
        payload = JsonNodeFactory.instance.objectNode().put("kind", "test-summary");
        payload.putArray("controls").add("ISO27001-A.14");
        payload.putObject("file")
                .put("path", "junit/TEST-shop.xml")
                .put("sha256", "ab".repeat(32))
                .put("size", 5691);
        Ledger l = Ledger.inMemory(Clock.systemUTC());
        for (int i = 0; i < 1000; i++) {
            l.append(EventType.EVIDENCE_RECORDED, "jenkins", payload);
        }
        thousand = l.toBytes();
    }

    @Benchmark
    public LedgerEvent append() {
        return ledger.append(EventType.EVIDENCE_RECORDED, "jenkins", payload);
    }

    @Benchmark
    @Threads(4)
    public LedgerEvent appendFourThreads() {
        return ledger.append(EventType.EVIDENCE_RECORDED, "jenkins", payload);
    }

    @Benchmark
    public List<Finding> readAndVerify1000() throws IOException {
        return Ledger.verifyChain(Ledger.read(new ByteArrayInputStream(thousand), "ledger.jsonl"), "ledger.jsonl");
    }
}
