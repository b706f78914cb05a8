package io.jenkins.plugins.relgov.analysis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Health checks against an application on loopback whose health the test sets. */
class HealthCheckTest {

    HttpServer app;
    final AtomicInteger status = new AtomicInteger(200);

    @BeforeEach
    void start() throws IOException {
        app = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        app.createContext("/health", exchange -> {
            exchange.sendResponseHeaders(status.get(), -1);
            exchange.close();
        });
        app.start();
    }

    @AfterEach
    void stop() {
        app.stop(0);
    }

    MetricSpec check(URI url) {
        return MetricSpec.of(
                        "health:api", new Provider.HealthCheck(url, 200, Duration.ofSeconds(2)), "result == 200", null)
                .withSchedule(Duration.ofMillis(20), 3, null);
    }

    URI health() {
        return URI.create("http://127.0.0.1:" + app.getAddress().getPort() + "/health");
    }

    @Test
    void healthyServicePasses() throws Exception {
        AnalysisResult r = new AnalysisRunner(new LiveSource())
                .run(new AnalysisSpec(List.of(check(health())), null), AnalysisListener.NONE);
        assertThat(r.phase()).isEqualTo(AnalysisPhase.SUCCESSFUL);
        assertThat(r.measurements()).extracting(Measurement::value).containsOnly("200");
    }

    @Test
    void anUnexpectedStatusFails() throws Exception {
        status.set(503);
        AnalysisResult r = new AnalysisRunner(new LiveSource())
                .run(new AnalysisSpec(List.of(check(health())), null), AnalysisListener.NONE);
        assertThat(r.phase()).isEqualTo(AnalysisPhase.FAILED);
        assertThat(r.reason()).contains("503", "result == 200");
    }

    @Test
    void aServiceThatDoesNotAnswerFailsItsCheck() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        AnalysisResult r = new AnalysisRunner(new LiveSource())
                .run(
                        new AnalysisSpec(List.of(check(URI.create("http://127.0.0.1:" + port + "/health"))), null),
                        AnalysisListener.NONE);
        assertThat(r.phase()).isEqualTo(AnalysisPhase.FAILED);
        assertThat(r.measurements().get(0).value()).startsWith("0 (no answer from http://127.0.0.1:" + port);
    }

    @Test
    void unsafeUrlsAreRefused() {
        assertThatThrownBy(() -> new Provider.HealthCheck(URI.create("file:///etc/passwd"), 200, null))
                .hasMessageContaining("http(s)");
        assertThatThrownBy(() -> new Provider.HealthCheck(URI.create("http://u:p@h/health"), 200, null))
                .hasMessageContaining("credentials");
        assertThatThrownBy(() -> new Provider.HealthCheck(URI.create("http://h/health"), 42, null))
                .hasMessageContaining("HTTP status");
    }
}
