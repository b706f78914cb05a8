package io.jenkins.plugins.relgov.analysis.prometheus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What a stock Prometheus cannot show without extra setup: authentication (a reverse proxy in front of it, as
 * Grafana Cloud or an oauth2-proxy would be), slow answers and non-API answers. The stand-in server is outside
 * the system under test; the real answers are in {@link RealPrometheusTest}.
 */
class PrometheusClientTest {

    static final String VECTOR = "{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":["
            + "{\"metric\":{\"job\":\"app\"},\"value\":[1700000000.5,\"+Inf\"]},"
            + "{\"metric\":{\"job\":\"db\"},\"value\":[1700000000.5,\"NaN\"]}]}}";

    HttpServer server;
    final List<String> authorizations = new CopyOnWriteArrayList<>();
    final List<String> bodies = new CopyOnWriteArrayList<>();
    volatile int status = 200;
    volatile String answer = VECTOR;
    volatile long delayMillis;

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            authorizations.add(String.valueOf(exchange.getRequestHeaders().getFirst("Authorization")));
            bodies.add(exchange.getRequestURI().getPath() + "?"
                    + URLDecoder.decode(
                            new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8),
                            StandardCharsets.UTF_8)
                    + " tenant=" + exchange.getRequestHeaders().getFirst("X-Scope-OrgID"));
            try {
                Thread.sleep(delayMillis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            byte[] body = answer.getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(status, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    URI address() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/prom/");
    }

    @Test
    void postsTheQueryWithBearerTokenAndHeadersAndReadsInfAndNaN() throws Exception {
        PrometheusClient client = new PrometheusClient(
                address(),
                PrometheusAuth.bearer("tok-123"),
                Duration.ofSeconds(5),
                Map.of("X-Scope-OrgID", "tenant_a"));
        QueryResult r = client.query("sum(rate(x[5m]))", Instant.ofEpochSecond(1_700_000_000));
        assertThat(r.lastValues()[0]).isInfinite().isPositive();
        assertThat(r.lastValues()[1]).isNaN();
        assertThat(r.series().get(0).labels()).containsEntry("job", "app");
        assertThat(r.series().get(0).points().get(0).time()).isEqualTo(Instant.ofEpochMilli(1_700_000_000_500L));
        assertThat(authorizations).containsExactly("Bearer tok-123");
        assertThat(bodies.get(0))
                .contains("/prom/api/v1/query?", "query=sum(rate(x[5m]))", "time=1700000000.000", "tenant=tenant_a");
    }

    @Test
    void basicAuthAndRangeQueries() throws Exception {
        answer = "{\"status\":\"success\",\"data\":{\"resultType\":\"matrix\",\"result\":[{\"metric\":{},"
                + "\"values\":[[1700000000,\"1\"],[1700000060,\"-Inf\"]]}]}}";
        PrometheusClient client =
                new PrometheusClient(address(), PrometheusAuth.basic("grafana", "s3cret"), Duration.ofSeconds(5));
        QueryResult r = client.queryRange(
                "up",
                Instant.ofEpochSecond(1_700_000_000),
                Instant.ofEpochSecond(1_700_000_060),
                Duration.ofMinutes(1));
        assertThat(r.series().get(0).points())
                .extracting(QueryResult.Point::value)
                .containsExactly(1.0, Double.NEGATIVE_INFINITY);
        assertThat(authorizations).containsExactly("Basic Z3JhZmFuYTpzM2NyZXQ=");
        assertThat(bodies.get(0)).contains("/api/v1/query_range?", "step=60.000");
    }

    @Test
    void rejectedCredentialsAreNamedWithoutTheSecret() {
        status = 401;
        answer = "Unauthorized";
        PrometheusClient client =
                new PrometheusClient(address(), PrometheusAuth.bearer("tok-secret"), Duration.ofSeconds(5));
        assertThatThrownBy(() -> client.query("up", Instant.now()))
                .isInstanceOf(PrometheusException.class)
                .hasMessageContaining("HTTP 401")
                .hasMessageContaining("check the credentials")
                .hasMessageNotContaining("tok-secret");
    }

    @Test
    void apiErrorsCarryTypeAndMessage() {
        status = 422;
        answer =
                "{\"status\":\"error\",\"errorType\":\"execution\",\"error\":\"query timed out in expression evaluation\"}";
        assertThatThrownBy(() -> new PrometheusClient(address()).query("up", Instant.now()))
                .hasMessageContaining("HTTP 422 execution: query timed out");
    }

    @Test
    void slowAnswersTimeOut() {
        delayMillis = 2_000;
        PrometheusClient client = new PrometheusClient(address(), PrometheusAuth.NONE, Duration.ofMillis(300));
        assertThatThrownBy(() -> client.query("up", Instant.now()))
                .isInstanceOf(PrometheusException.class)
                .hasMessageContaining("did not answer within 300 ms");
    }

    @Test
    void malformedAnswersAreErrorsNotValues() {
        answer =
                "{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":[{\"metric\":{},\"value\":[1,\"abc\"]}]}}";
        assertThatThrownBy(() -> new PrometheusClient(address()).query("up", Instant.now()))
                .hasMessageContaining("'abc', not a number");
        answer = "{\"status\":\"success\",\"data\":{\"resultType\":\"string\",\"result\":[1,\"x\"]}}";
        assertThatThrownBy(() -> new PrometheusClient(address()).query("up", Instant.now()))
                .hasMessageContaining("'string' result");
    }

    @Test
    void unsafeAddressesAndHeadersAreRefused() {
        assertThatThrownBy(() -> new PrometheusClient(URI.create("file:///etc/passwd")))
                .hasMessageContaining("http(s)");
        assertThatThrownBy(() -> new PrometheusClient(URI.create("http://admin:pw@127.0.0.1:9090")))
                .hasMessageContaining("must not carry credentials")
                .hasMessageNotContaining("pw");
        assertThatThrownBy(() -> PrometheusClient.checkHeaders(Map.of("Authorization", "Bearer x")))
                .hasMessageContaining("use basic auth or a bearer token");
        assertThatThrownBy(() -> PrometheusClient.checkHeaders(Map.of("X-A", "a\r\nHost: evil")))
                .hasMessageContaining("control character");
        assertThat(PrometheusAuth.basic("u", "pw").toString()).doesNotContain("pw");
    }
}
