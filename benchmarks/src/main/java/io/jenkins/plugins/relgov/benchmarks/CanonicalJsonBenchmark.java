package io.jenkins.plugins.relgov.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.jenkins.plugins.relgov.json.CanonicalJson;
import io.jenkins.plugins.relgov.policy.ShippedPolicies;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * RFC 8785 canonicalization against the standard tool it replaces, Jackson's plain serializer
 * (which neither sorts keys nor formats numbers canonically): the ratio is the price of a stable
 * hash. Documents: the shipped inopsio policy (text-heavy, like evidence records), 1,000 measured
 * values between 0.001 and 1,000 (metrics), and 1,000 doubles from random bit patterns (the worst
 * case: exponents up to ±308 make the exact decimal expansion hundreds of digits long).
 *
 * <pre>java -jar benchmarks/target/benchmarks.jar CanonicalJsonBenchmark</pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class CanonicalJsonBenchmark {

    private final ObjectMapper jackson = new ObjectMapper();
    private JsonNode policy;
    private JsonNode doubles;
    private JsonNode metrics;

    @Setup
    public void setUp() {
        policy = ShippedPolicies.loaded("inopsio").document();
        ArrayNode array = JsonNodeFactory.instance.arrayNode();
        SplittableRandom random = new SplittableRandom(8785); // the same data on every run
        for (int i = 0; i < 1000; i++) {
            array.add(
                    Double.longBitsToDouble(random.nextLong() & 0x7fefffffffffffffL) * (random.nextBoolean() ? 1 : -1));
        }
        doubles = array;
        ArrayNode measured = JsonNodeFactory.instance.arrayNode();
        for (int i = 0; i < 1000; i++) {
            measured.add(random.nextDouble() * Math.pow(10, random.nextInt(7) - 3)); // 0.001 .. 1000: rates, ms, %
        }
        metrics = measured;
    }

    @Benchmark
    public byte[] policyCanonical() {
        return CanonicalJson.toBytes(policy);
    }

    @Benchmark
    public byte[] policyJackson() throws Exception {
        return jackson.writeValueAsBytes(policy);
    }

    @Benchmark
    public byte[] doublesCanonical() {
        return CanonicalJson.toBytes(doubles);
    }

    @Benchmark
    public byte[] metricsCanonical() {
        return CanonicalJson.toBytes(metrics);
    }

    @Benchmark
    public byte[] metricsJackson() throws Exception {
        return jackson.writeValueAsBytes(metrics);
    }

    @Benchmark
    public byte[] doublesJackson() throws Exception {
        return jackson.writeValueAsBytes(doubles);
    }
}
