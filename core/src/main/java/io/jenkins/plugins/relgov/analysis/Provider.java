package io.jenkins.plugins.relgov.analysis;

import io.jenkins.plugins.relgov.analysis.prometheus.PrometheusAuth;
import io.jenkins.plugins.relgov.analysis.prometheus.PrometheusClient;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/** Where a metric's measurements come from. */
public sealed interface Provider {

    /** Argo's default query timeout. */
    Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);

    /**
     * A PromQL instant query; its result is a vector ({@code double[]}) or a scalar ({@code Double}).
     *
     * @param address Prometheus' base URL
     * @param query   the PromQL
     * @param timeout per query (default 30 s, as Argo)
     * @param headers extra request headers (e.g. {@code X-Scope-OrgID} for Mimir/Cortex tenants)
     * @param auth    credentials for this metric only, or null to use the source's
     */
    record PrometheusQuery(
            URI address, String query, Duration timeout, Map<String, String> headers, PrometheusAuth auth)
            implements Provider {
        public PrometheusQuery {
            PrometheusClient.checkAddress(address);
            if (query == null || query.isBlank()) {
                throw new IllegalArgumentException("a Prometheus metric needs a query");
            }
            timeout = timeout == null ? DEFAULT_TIMEOUT : timeout;
            headers = PrometheusClient.checkHeaders(headers == null ? Map.of() : headers);
        }

        public PrometheusQuery(URI address, String query, Duration timeout) {
            this(address, query, timeout, null, null);
        }

        @Override
        public String describe() {
            return query.strip();
        }
    }

    /**
     * An HTTP GET whose status must be {@code expectedStatus}; its result is the status code as a scalar,
     * 0 when no answer came (connection refused, timeout), so a down service is a failed check.
     */
    record HealthCheck(URI url, int expectedStatus, Duration timeout) implements Provider {
        public HealthCheck {
            Objects.requireNonNull(url, "url");
            String scheme = String.valueOf(url.getScheme()).toLowerCase(java.util.Locale.ROOT);
            if (!scheme.equals("http") && !scheme.equals("https") || url.getHost() == null) {
                throw new IllegalArgumentException("health check URL must be http(s)://host/..., got " + url);
            }
            if (url.getUserInfo() != null) {
                throw new IllegalArgumentException("health check URL must not carry credentials");
            }
            if (expectedStatus < 100 || expectedStatus > 599) {
                throw new IllegalArgumentException(
                        "expected status must be an HTTP status (100-599), got " + expectedStatus);
            }
            timeout = timeout == null ? Duration.ofSeconds(10) : timeout;
        }

        @Override
        public String describe() {
            return "GET " + url + " expects " + expectedStatus;
        }
    }

    /** One line saying what is measured, for logs and reasons. */
    String describe();
}
