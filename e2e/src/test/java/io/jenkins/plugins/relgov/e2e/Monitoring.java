package io.jenkins.plugins.relgov.e2e;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import io.jenkins.plugins.relgov.analysis.prometheus.PrometheusServer;
import io.jenkins.plugins.relgov.analysis.prometheus.TestExporter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

/**
 * What a deployed release is watched through, on loopback beside the Jenkins under test: an application the
 * suite controls (its error ratio, and a health endpoint) and a real Prometheus scraping it every second.
 */
final class Monitoring {

    private static Monitoring instance;

    private final TestExporter app;
    private final PrometheusServer prometheus;
    private final HttpServer health;
    private volatile double errorRatio = 0.005;

    private Monitoring(Path dir) throws IOException, InterruptedException {
        app = new TestExporter();
        app.policy(() -> errorRatio, () -> 0.05);
        prometheus = PrometheusServer.start(dir, app.target());
        health = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        health.createContext("/healthz", x -> {
            x.sendResponseHeaders(200, -1);
            x.close();
        });
        health.start();
    }

    /** Started once; skips the calling test when no Prometheus is installed here. */
    static synchronized Monitoring get(LiveJenkins jenkins) {
        if (instance == null) {
            assumeTrue(
                    Files.isExecutable(Path.of("/usr/bin/prometheus")) || onPath(),
                    "no prometheus binary here: the autoRollback part of the suite is skipped");
            try {
                instance = new Monitoring(Files.createDirectories(jenkins.work.resolve("prometheus")));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                instance.prometheus.close();
                instance.app.close();
                instance.health.stop(0);
            }));
        }
        return instance;
    }

    private static boolean onPath() {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
            if (Files.isExecutable(Path.of(dir, "prometheus"))) {
                return true;
            }
        }
        return false;
    }

    /** The share of requests that fail from now on (0.005 is healthy for the e2e policy, 0.2 a breach). */
    void errorRatio(double ratio) {
        errorRatio = ratio;
    }

    /**
     * Sets the error ratio and waits until Prometheus's 30 s rate (what the e2e policy queries) has settled
     * within 0.8 points of it (the application rounds to whole errors per 100 requests, so 0.5% shows as 1%),
     * so that one test's breach never spills into the next one's window.
     */
    void settleAt(double ratio) {
        errorRatio = ratio;
        String query = "sum(rate(http_requests_total{code=~\"5..\"}[30s])) / sum(rate(http_requests_total[30s]))";
        HttpClient http = HttpClient.newHttpClient();
        Instant deadline = Instant.now().plus(Duration.ofSeconds(90));
        while (Instant.now().isBefore(deadline)) {
            try {
                URI uri = URI.create(
                        prometheus() + "/api/v1/query?query=" + URLEncoder.encode(query, StandardCharsets.UTF_8));
                JsonNode answer = Session.JSON.readTree(
                        http.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString())
                                .body());
                JsonNode result = answer.path("data").path("result");
                if (result.size() == 1
                        && Math.abs(result.get(0).path("value").get(1).asDouble() - ratio) < 0.008) {
                    return;
                }
            } catch (IOException notYet) {
                // Prometheus is starting
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            LiveJenkins.sleep(Duration.ofSeconds(1));
        }
        throw new IllegalStateException(
                "the error rate Prometheus measures did not settle at " + ratio + " within 90 s");
    }

    String prometheus() {
        return prometheus.address().toString();
    }

    String health() {
        return "http://127.0.0.1:" + health.getAddress().getPort() + "/healthz";
    }
}
