package io.jenkins.plugins.relgov.analysis.prometheus;

import io.jenkins.plugins.relgov.testing.LocalServers;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

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
        Files.writeString(
                config,
                String.join(
                        "\n",
                        "global:",
                        "  scrape_interval: 1s",
                        "  evaluation_interval: 1s",
                        "scrape_configs:",
                        "  - job_name: app",
                        "    static_configs:",
                        "      - targets: ['" + target + "']",
                        ""));
        Path log = dir.resolve("prometheus.log");
        Process p = new ProcessBuilder(List.of(
                        binary,
                        "--config.file=" + config,
                        "--storage.tsdb.path=" + dir.resolve("data"),
                        "--web.listen-address=127.0.0.1:" + port,
                        "--log.level=warn"))
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        PrometheusServer server = new PrometheusServer(p, URI.create("http://127.0.0.1:" + port), log);
        server.awaitReady();
        return server;
    }

    public URI address() {
        return address;
    }

    private void awaitReady() throws IOException, InterruptedException {
        LocalServers.awaitHttp(process, address.resolve("/-/ready"), status -> status == 200, log, "prometheus");
    }

    @Override
    public void close() {
        LocalServers.stop(process);
    }

    static int freePort() throws IOException {
        return LocalServers.freePort();
    }

    /** The Debian package's binary; the tests fail (not skip) without it, since CI installs it. */
    private static String find() {
        return LocalServers.binary(
                "prometheus",
                "apt-get install prometheus; .ci/run does it: the autoRollback tests need a real Prometheus");
    }
}
