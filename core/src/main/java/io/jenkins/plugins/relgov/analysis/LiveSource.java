package io.jenkins.plugins.relgov.analysis;

import io.jenkins.plugins.relgov.analysis.prometheus.PrometheusAuth;
import io.jenkins.plugins.relgov.analysis.prometheus.PrometheusClient;
import io.jenkins.plugins.relgov.analysis.prometheus.QueryResult;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Measures for real: PromQL metrics ask Prometheus (one client per address and timeout, sharing the given
 * credentials), health checks send an HTTP GET.
 */
public final class LiveSource implements MeasurementSource {

    /** Health answers are read (and dropped) up to this size; the status is what counts. */
    private static final long HEALTH_BODY_CAP = 64 * 1024;

    private final PrometheusAuth auth;
    private final Map<ClientKey, PrometheusClient> clients = new ConcurrentHashMap<>();

    private record ClientKey(
            java.net.URI address, java.time.Duration timeout, Map<String, String> headers, PrometheusAuth auth) {}
    /** One client per health-check timeout: its connect timeout ends an attempt the exchange's deadline left behind. */
    private final Map<Duration, HttpClient> healthClients = new ConcurrentHashMap<>();

    public LiveSource(PrometheusAuth auth) {
        this.auth = Objects.requireNonNull(auth, "auth");
    }

    public LiveSource() {
        this(PrometheusAuth.NONE);
    }

    @Override
    public Sample measure(MetricSpec metric, Instant at) throws MeasurementException {
        if (metric.provider() instanceof Provider.PrometheusQuery q) {
            return prometheus(q, at);
        }
        return healthCheck((Provider.HealthCheck) metric.provider());
    }

    private Sample prometheus(Provider.PrometheusQuery q, Instant at) throws MeasurementException {
        PrometheusAuth credentials = q.auth() != null ? q.auth() : auth;
        PrometheusClient client = clients.computeIfAbsent(
                new ClientKey(q.address(), q.timeout(), q.headers(), credentials),
                k -> new PrometheusClient(k.address(), k.auth(), k.timeout(), k.headers()));
        QueryResult result = client.query(q.query(), at);
        return switch (result.resultType()) {
            case "scalar" -> Sample.scalar(result.lastValues()[0]);
            case "vector" -> Sample.vector(result.lastValues());
            default ->
                throw new MeasurementException(
                        "query returned a " + result.resultType() + "; a metric needs an instant vector or a scalar");
        };
    }

    private Sample healthCheck(Provider.HealthCheck h) throws MeasurementException {
        HttpRequest request =
                HttpRequest.newBuilder(h.url()).timeout(h.timeout()).GET().build();
        try {
            HttpClient http = healthClients.computeIfAbsent(
                    h.timeout(),
                    t -> HttpClient.newBuilder()
                            .followRedirects(HttpClient.Redirect.NEVER)
                            .connectTimeout(t)
                            .build());
            return Sample.scalar(BoundedHttp.send(http, request, h.timeout(), HEALTH_BODY_CAP)
                    .status());
        } catch (IOException e) {
            // no (complete) answer is a failed health check, not a broken measurement: status 0
            return new Sample(
                    0.0, "no answer from " + h.url() + ": " + e.getClass().getSimpleName());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new MeasurementException("interrupted during health check " + h.url());
        }
    }
}
