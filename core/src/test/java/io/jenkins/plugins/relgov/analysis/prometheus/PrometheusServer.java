package io.jenkins.plugins.relgov.analysis.prometheus;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real Prometheus on 127.0.0.1 with a 1 s scrape interval, scraping one target; stopped by {@link #close()}.
 * Public for the acceptance tests (e2e), which watch a live Jenkins's autoRollback against it.
 */
public final class PrometheusServer implements AutoCloseable {

    private final Process process;
    private final URI address;
    private final Path log;

    private PrometheusServer(Process process, URI address, Path log) {
        this.process = process;
        this.address = address;
        this.log = log;
    }

    public static PrometheusServer start(Path dir, String target) throws IOException, InterruptedException {
        String binary = find();
        int port = freePort();
        Path config = dir.resolve("prometheus.yml");
        Files.writeString(config, String.join("\n",
                "global:",
                "  scrape_interval: 1s",
                "  evaluation_interval: 1s",
                "scrape_configs:",
                "  - job_name: app",
                "    static_configs:",
                "      - targets: ['" + target + "']",
                ""));
        Path log = dir.resolve("prometheus.log");
        Process p = new ProcessBuilder(List.of(binary,
                "--config.file=" + config,
                "--storage.tsdb.path=" + dir.resolve("data"),
                "--web.listen-address=127.0.0.1:" + port,
                "--log.level=warn"))
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        PrometheusServer server = new PrometheusServer(p, URI.create("http://127.0.0.1:" + port), log);
        server.awaitReady();
        return server;
    }

    public URI address() {
        return address;
    }

    private void awaitReady() throws IOException, InterruptedException {
        HttpClient http = HttpClient.newHttpClient();
        Instant deadline = Instant.now().plusSeconds(30);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException("prometheus exited with " + process.exitValue() + ": " + Files.readString(log));
            }
            try {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(address.resolve("/-/ready"))
                        .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // still starting
            }
            Thread.sleep(100);
        }
        close();
        throw new IllegalStateException("prometheus not ready after 30 s: " + Files.readString(log));
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    /** The Debian package's binary; the tests fail (not skip) without it, since CI installs it. */
    private static String find() {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
            Path p = Path.of(dir, "prometheus");
            if (Files.isExecutable(p)) {
                return p.toString();
            }
        }
        if (Files.isExecutable(Path.of("/usr/bin/prometheus"))) {
            return "/usr/bin/prometheus";
        }
        throw new IllegalStateException("the prometheus binary is not installed (apt-get install prometheus; .ci/run does it):"
                + " the autoRollback tests need a real Prometheus");
    }
}
