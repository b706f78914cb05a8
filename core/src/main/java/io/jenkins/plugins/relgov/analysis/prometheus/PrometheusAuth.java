package io.jenkins.plugins.relgov.analysis.prometheus;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;

/** How requests to Prometheus authenticate. {@link #toString()} never shows the secret. */
public sealed interface PrometheusAuth {

    PrometheusAuth NONE = new None();

    /** The Authorization header's value, if any. */
    Optional<String> header();

    static PrometheusAuth bearer(String token) {
        return new Bearer(token);
    }

    static PrometheusAuth basic(String user, String password) {
        return new Basic(user, password);
    }

    record None() implements PrometheusAuth {
        @Override
        public Optional<String> header() {
            return Optional.empty();
        }
    }

    record Bearer(String token) implements PrometheusAuth {
        public Bearer {
            if (token == null || token.isBlank() || token.strip().chars().anyMatch(c -> c < 0x21 || c > 0x7e)) {
                throw new IllegalArgumentException("a bearer token must be non-empty printable ASCII without spaces");
            }
            token = token.strip();
        }

        @Override
        public Optional<String> header() {
            return Optional.of("Bearer " + token);
        }

        @Override
        public String toString() {
            return "Bearer(****)";
        }
    }

    record Basic(String user, String password) implements PrometheusAuth {
        public Basic {
            if (user == null || user.isEmpty() || user.contains(":") || password == null) {
                throw new IllegalArgumentException("basic auth needs a user without ':' and a password");
            }
        }

        @Override
        public Optional<String> header() {
            return Optional.of("Basic "
                    + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8)));
        }

        @Override
        public String toString() {
            return "Basic(" + user + ":****)";
        }
    }
}
