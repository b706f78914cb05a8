package io.jenkins.plugins.relgov.analysis.prometheus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * Review attack: the client buffered Prometheus's whole answer and only then compared it with its 32 MiB cap,
 * so an endpoint the pipeline points at (or a broken proxy) could stream gigabytes into the controller's
 * heap. It must stop reading at the cap. The stand-in server streams 256 MiB and counts what it got out.
 */
class OversizedAnswerTest {

    @Test
    void anAnswerLargerThanTheCapIsRefusedWithoutReadingItAll() throws Exception {
        AtomicLong sent = new AtomicLong();
        long total = 256L * 1024 * 1024;
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            exchange.getRequestBody().readAllBytes();
            exchange.sendResponseHeaders(200, 0); // chunked: no length announced
            byte[] chunk = new byte[1 << 16];
            java.util.Arrays.fill(chunk, (byte) ' ');
            try (OutputStream out = exchange.getResponseBody()) {
                while (sent.get() < total) {
                    out.write(chunk);
                    sent.addAndGet(chunk.length);
                }
            } catch (IOException closedByClient) {
                // expected once the client stops reading
            }
        });
        server.start();
        try {
            URI address = URI.create("http://127.0.0.1:" + server.getAddress().getPort());
            PrometheusClient client = new PrometheusClient(address, PrometheusAuth.NONE, Duration.ofSeconds(30));
            assertThatThrownBy(() -> client.query("up", Instant.now()))
                    .isInstanceOf(PrometheusException.class)
                    .hasMessageContaining("larger than");
            Thread.sleep(200);
            assertThat(sent.get())
                    .as("bytes the server got out before the client stopped reading")
                    .isLessThan(total / 2);
        } finally {
            server.stop(0);
        }
    }
}
