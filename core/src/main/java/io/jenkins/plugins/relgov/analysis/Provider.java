package io.jenkins.plugins.relgov.analysis;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;

/** Where a metric's measurements come from. */
public sealed interface Provider {

    /** Argo's default query timeout. */
    Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);

    /** A PromQL instant query; its result is a vector ({@code double[]}) or a scalar ({@code Double}). */
    record PrometheusQuery(URI address, String query, Duration timeout) implements Provider {
        public PrometheusQuery {
            Objects.requireNonNull(address, "address");
            if (query == null || query.isBlank()) {
                throw new IllegalArgumentException("a Prometheus metric needs a query");
            }
            timeout = timeout == null ? DEFAULT_TIMEOUT : timeout;
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
                throw new IllegalArgumentException("expected status must be an HTTP status (100-599), got " + expectedStatus);
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
