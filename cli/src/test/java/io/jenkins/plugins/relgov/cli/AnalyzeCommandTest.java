package io.jenkins.plugins.relgov.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The command's wiring and exit codes, against a stand-in Prometheus API on loopback that answers each query
 * with a fixed value (the engine itself is tested against a real Prometheus in core).
 */
class AnalyzeCommandTest {

    @TempDir
    Path dir;

    HttpServer server;
    String url;

    /** Released when a test ends: a stalling answer holds its connection until then. */
    final CountDownLatch released = new CountDownLatch(1);

    final AtomicInteger flaky = new AtomicInteger();

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(Executors.newCachedThreadPool());
        server.createContext("/api/v1/query", exchange -> {
            String form = URLDecoder.decode(
                    new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8),
                    StandardCharsets.UTF_8);
            if (form.contains("query=stall")) {
                stall(exchange);
                return;
            }
            if (form.contains("query=invalid((")) {
                answer(
                        exchange,
                        400,
                        "{\"status\":\"error\",\"errorType\":\"bad_data\",\"error\":\"1:5: parse error\"}");
                return;
            }
            String value = form.contains("query=ok")
                    ? "0.01"
                    : form.contains("query=bad")
                            ? "0.071"
                            : form.contains("query=flaky") ? (flaky.getAndIncrement() == 0 ? "0.2" : "0.01") : null;
            String result = value == null ? "[]" : "[{\"metric\":{},\"value\":[1,\"" + value + "\"]}]";
            answer(
                    exchange,
                    200,
                    "{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":" + result + "}}");
        });
        server.createContext("/health-stall", this::stall);
        server.start();
        url = "http://127.0.0.1:" + server.getAddress().getPort();
    }

    static void answer(HttpExchange exchange, int status, String json) throws IOException {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(status, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    /** Headers and the first bytes of a body, then nothing until the test ends. */
    void stall(HttpExchange exchange) throws IOException {
        exchange.sendResponseHeaders(200, 0);
        OutputStream out = exchange.getResponseBody();
        out.write("{\"status\":".getBytes(StandardCharsets.UTF_8));
        out.flush();
        try {
            released.await(60, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        exchange.close();
    }

    @AfterEach
    void stop() {
        released.countDown();
        server.stop(0);
    }

    record Run(int exit, String out, String err) {}

    static Run relgov(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = Relgov.commandLine(args);
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        int exit = cli.execute(args);
        return new Run(exit, out.toString(), err.toString());
    }

    Path template(String query) throws IOException {
        return Files.writeString(
                dir.resolve("analysis.yaml"), """
                apiVersion: argoproj.io/v1alpha1
                kind: AnalysisTemplate
                spec:
                  args: [{name: q}]
                  metrics:
                    - name: error-rate
                      interval: 100ms
                      count: 2
                      failureCondition: result[0] > 0.05
                      provider:
                        prometheus:
                          address: http://prometheus.monitoring:9090
                          query: "{{args.q}}"
                """.replace("{{args.q}}", query.equals("arg") ? "{{args.q}}" : query));
    }

    @Test
    void successfulExitsZeroAndPrintsMeasurements() throws Exception {
        Run r = relgov(
                "analyze", "--prometheus", url, "--template", template("arg").toString(), "--arg", "q=ok");
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out())
                .contains("error-rate #1 Successful [0.01]", "error-rate #2 Successful [0.01]", "Decision: Successful");
    }

    @Test
    void failedExitsOne() throws Exception {
        Run r = relgov(
                "analyze", "--prometheus", url, "--template", template("bad").toString());
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.out())
                .contains(
                        "Decision: Failed - error-rate [0.071]",
                        "> failureLimit 0",
                        "Detection latency (first breach to decision): ");
    }

    @Test
    void emptyIsInconclusiveExitsThree() throws Exception {
        Run r = relgov(
                "analyze",
                "--prometheus",
                url,
                "--template",
                template("nothing").toString());
        assertThat(r.exit()).isEqualTo(3);
        assertThat(r.out()).contains("Decision: Inconclusive", "empty result");
    }

    @Test
    void unreachablePrometheusExitsTwo() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        Path t = Files.writeString(dir.resolve("t.yaml"), """
                metrics:
                  - name: up
                    interval: 50ms
                    count: 2
                    consecutiveErrorLimit: 1
                    failureCondition: result[0] < 1
                    provider: {prometheus: {address: "http://127.0.0.1:%d", query: up}}
                """.formatted(port));
        Run r = relgov("analyze", "--template", t.toString());
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.out()).contains("Decision: Error", "2 consecutive measurement errors > consecutiveErrorLimit 1");
    }

    @Test
    void policyRulesWithOverrides() {
        Run r = relgov(
                "analyze", "--prometheus", url, "--policy", "inopsio", "--interval", "100ms", "--window", "300ms");
        // the stand-in answers nothing to the policy's queries: empty results keep the release Inconclusive
        assertThat(r.exit()).as(r.out() + r.err()).isEqualTo(3);
        assertThat(r.out())
                .contains(
                        "Analysing 3 metrics for 0.3s",
                        "error-rate:",
                        "failure: result[0] > 0.05",
                        "tenant-impact",
                        "window 0.3s ended with");
        assertThat(r.err())
                .contains(
                        "warning: policy 'inopsio' requires health checks to pass, but no health-check URL was given");
    }

    @Test
    void unusableInputExitsTwoNamingTheProblem() throws Exception {
        Path bad = Files.writeString(
                dir.resolve("bad.yaml"),
                "metrics:\n  - name: x\n    interval: soon\n"
                        + "    provider: {prometheus: {address: 'http://p:9090', query: up}}\n");
        Run r = relgov("analyze", "--template", bad.toString());
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("bad.yaml line 2: metrics[0] (x): 'soon' is not a duration");
        assertThat(relgov("analyze", "--policy", "inopsio").err()).contains("--policy needs --prometheus URL");
        assertThat(relgov("analyze", "--prometheus", url, "--policy", "nosuch").err())
                .contains("nosuch");
        assertThat(relgov(
                                "analyze",
                                "--prometheus",
                                url,
                                "--policy",
                                "inopsio",
                                "--interval",
                                "10m",
                                "--failure-limit",
                                "3")
                        .err())
                .contains("reactionTime 30m");
        assertThat(relgov("analyze", "--prometheus", url).exit()).isEqualTo(2);
    }

    /** Issue 11.1: a Prometheus that sends headers and stalls the body ended nothing; now Error within the timeout. */
    @Test
    @Timeout(60)
    void aStalledPrometheusIsAnErrorWithinTheQueryTimeout() throws Exception {
        Path t = Files.writeString(dir.resolve("stall.yaml"), """
                metrics:
                  - name: up
                    consecutiveErrorLimit: 0
                    failureCondition: result[0] < 1
                    provider: {prometheus: {address: "%s", query: stall, timeout: 1}}
                """.formatted(url));
        Run r = relgov("analyze", "--template", t.toString());
        assertThat(r.exit()).as(r.out() + r.err()).isEqualTo(2);
        assertThat(r.out())
                .contains("up #1 Error: Prometheus at " + url + " did not answer within 1000 ms", "Decision: Error");
    }

    /** Issue 11.1: a stalled health endpoint is a failed check within the timeout, so autoRollback decides. */
    @Test
    @Timeout(60)
    void aStalledHealthCheckFailsTheAnalysis() {
        Run r = relgov(
                "analyze",
                "--prometheus",
                url,
                "--policy",
                "inopsio",
                "--interval",
                "1s",
                "--window",
                "10s",
                "--timeout",
                "1s",
                "--health-check",
                "api=" + url + "/health-stall");
        assertThat(r.exit()).as(r.out() + r.err()).isEqualTo(1);
        assertThat(r.out())
                .contains(
                        "health:api #1 Failed 0 (no answer from " + url + "/health-stall: HttpTimeoutException)",
                        "Decision: Failed - health:api");
    }

    /** Issue 11.9: invalid PromQL is a configuration error at once, not five retries. */
    @Test
    void invalidPromqlIsAnErrorAtOnce() throws Exception {
        Run r = relgov(
                "analyze",
                "--prometheus",
                url,
                "--template",
                template("invalid((").toString());
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.out())
                .contains(
                        "Decision: Error - error-rate configuration error, not retried:",
                        "bad_data: 1:5: parse error (the query is invalid)");
        assertThat(r.out()).doesNotContain("error-rate #2");
    }

    /** Issue 18.7: no "Detection latency" under a Successful decision whose failures were tolerated. */
    @Test
    void aSuccessfulDecisionPrintsNoDetectionLatency() throws Exception {
        Path t = Files.writeString(dir.resolve("flaky.yaml"), """
                metrics:
                  - name: error-rate
                    interval: 50ms
                    count: 3
                    failureLimit: 1
                    failureCondition: result[0] > 0.05
                    provider: {prometheus: {query: flaky}}
                """);
        Run r = relgov("analyze", "--prometheus", url, "--template", t.toString());
        assertThat(r.exit()).as(r.out()).isZero();
        assertThat(r.out())
                .contains("error-rate #1 Failed [0.2]", "Decision: Successful")
                .doesNotContain("Detection latency");
    }

    /** Argo counts an empty result as a measurement error and measures again; --empty-result Error asks for that. */
    @Test
    void emptyResultErrorWithATemplateRetriesAsArgoDoes() throws Exception {
        Path t = Files.writeString(dir.resolve("empty.yaml"), """
                metrics:
                  - name: error-rate
                    interval: 50ms
                    count: 2
                    consecutiveErrorLimit: 1
                    failureCondition: result[0] > 0.05
                    provider: {prometheus: {query: nothing}}
                """);
        Run r = relgov("analyze", "--prometheus", url, "--template", t.toString(), "--empty-result", "Error");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.out())
                .contains(
                        "error-rate #1 Error []: empty result",
                        "error-rate #2 Error []",
                        "2 consecutive measurement errors > consecutiveErrorLimit 1");
    }

    /** Issue 18.2: failureLimit -1 would never fail, so it is refused. */
    @Test
    void aNegativeFailureLimitIsRefused() {
        Run r = relgov("analyze", "--prometheus", url, "--policy", "inopsio", "--failure-limit", "-1");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("failureLimit must be 0 or more, got -1");
    }
}
