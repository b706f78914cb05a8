package io.jenkins.plugins.relgov.analysis.prometheus;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.DoubleSupplier;

/**
 * An application the test controls, serving the Prometheus text format on 127.0.0.1. Each scrape adds 100 requests
 * per scenario, a share of them errors as the scenario's error ratio says at that moment; the {@code http_*}
 * series (what the inopsio policy queries) add 100 requests per tenant and latency observations.
 */
public final class TestExporter implements AutoCloseable {

    static final int TENANTS = 20;
    private static final double[] BUCKETS = {0.1, 0.5, 1, 5, 10, 30};

    private final HttpServer server;
    private final Map<String, DoubleSupplier> scenarios = new ConcurrentHashMap<>();
    private final Map<String, double[]> counters = new ConcurrentHashMap<>(); // scenario -> {total, errors}
    private volatile DoubleSupplier policyErrorRatio = () -> 0;
    private volatile DoubleSupplier policyLatencySeconds = () -> 0.05;
    private final long[][] tenantCounts = new long[TENANTS][2]; // {ok, errors}
    private final long[] bucketCounts = new long[BUCKETS.length + 1];
    private double latencySum;
    private long latencyCount;

    public TestExporter() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/metrics", exchange -> {
            byte[] body = scrape().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "text/plain; version=0.0.4");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
    }

    public String target() {
        return "127.0.0.1:" + server.getAddress().getPort();
    }

    void scenario(String name, DoubleSupplier errorRatio) {
        counters.putIfAbsent(name, new double[2]);
        scenarios.put(name, errorRatio);
    }

    public void policy(DoubleSupplier errorRatio, DoubleSupplier latencySeconds) {
        policyErrorRatio = errorRatio;
        policyLatencySeconds = latencySeconds;
    }

    private synchronized String scrape() {
        StringBuilder sb = new StringBuilder("# TYPE app_requests_total counter\n");
        scenarios.forEach((name, ratio) -> {
            double[] c = counters.get(name);
            double r = ratio.getAsDouble();
            c[0] += 100;
            c[1] += Math.round(100 * r);
            sb.append("app_requests_total{scenario=\"")
                    .append(name)
                    .append("\",code=\"200\"} ")
                    .append((long) (c[0] - c[1]))
                    .append('\n');
            sb.append("app_requests_total{scenario=\"")
                    .append(name)
                    .append("\",code=\"500\"} ")
                    .append((long) c[1])
                    .append('\n');
        });
        // the policy's series: a baseline of one error per scrape in tenant t0 (5% of tenants, 0.05% of requests)
        double ratio = policyErrorRatio.getAsDouble();
        for (int t = 0; t < TENANTS; t++) {
            long errors = Math.max(t == 0 ? 1 : 0, Math.round(100 * ratio));
            tenantCounts[t][0] += 100 - errors;
            tenantCounts[t][1] += errors;
        }
        sb.append("# TYPE http_requests_total counter\n");
        for (int t = 0; t < TENANTS; t++) {
            sb.append("http_requests_total{tenant=\"t")
                    .append(t)
                    .append("\",code=\"200\"} ")
                    .append(tenantCounts[t][0])
                    .append('\n');
            sb.append("http_requests_total{tenant=\"t")
                    .append(t)
                    .append("\",code=\"500\"} ")
                    .append(tenantCounts[t][1])
                    .append('\n');
        }
        double latency = policyLatencySeconds.getAsDouble();
        for (int i = 0; i < 100; i++) {
            int b = 0;
            while (b < BUCKETS.length && latency > BUCKETS[b]) {
                b++;
            }
            bucketCounts[b]++;
            latencySum += latency;
            latencyCount++;
        }
        sb.append("# TYPE http_request_duration_seconds histogram\n");
        long cumulative = 0;
        for (int b = 0; b <= BUCKETS.length; b++) {
            cumulative += bucketCounts[b];
            String le = b < BUCKETS.length ? String.valueOf(BUCKETS[b]) : "+Inf";
            sb.append("http_request_duration_seconds_bucket{le=\"")
                    .append(le)
                    .append("\"} ")
                    .append(cumulative)
                    .append('\n');
        }
        sb.append("http_request_duration_seconds_sum ").append(latencySum).append('\n');
        sb.append("http_request_duration_seconds_count ").append(latencyCount).append('\n');
        return sb.toString();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
