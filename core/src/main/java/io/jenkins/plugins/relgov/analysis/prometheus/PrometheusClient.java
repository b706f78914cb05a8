package io.jenkins.plugins.relgov.analysis.prometheus;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jenkins.plugins.relgov.analysis.BoundedHttp;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * A client for the Prometheus HTTP API ({@code /api/v1/query}, {@code /api/v1/query_range}) on the JDK's HTTP
 * client. Queries are POSTed as forms (long PromQL does not hit URL limits), as Prometheus' own Go client does.
 */
public final class PrometheusClient {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long MAX_BODY = 32L * 1024 * 1024;

    private final URI address;
    private final PrometheusAuth auth;
    private final Duration timeout;
    private final Map<String, String> headers;
    private final HttpClient http;

    /**
     * @param address Prometheus' base URL ({@code http://127.0.0.1:9090}, may end in a path prefix)
     * @param auth    how to authenticate
     * @param timeout connect and request timeout per query
     */
    public PrometheusClient(URI address, PrometheusAuth auth, Duration timeout) {
        this(address, auth, timeout, Map.of());
    }

    /** @param headers extra request headers, e.g. {@code X-Scope-OrgID} */
    public PrometheusClient(URI address, PrometheusAuth auth, Duration timeout, Map<String, String> headers) {
        this.address = checkAddress(address);
        this.auth = Objects.requireNonNull(auth, "auth");
        this.timeout = Objects.requireNonNull(timeout, "timeout");
        this.headers = checkHeaders(headers);
        this.http = HttpClient.newBuilder()
                .connectTimeout(timeout)
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    public PrometheusClient(URI address) {
        this(address, PrometheusAuth.NONE, Duration.ofSeconds(30));
    }

    /** Refuses what is not an http(s) URL with a host, and credentials in the URL (they would end up in logs). */
    public static URI checkAddress(URI address) {
        Objects.requireNonNull(address, "Prometheus address");
        String scheme = String.valueOf(address.getScheme()).toLowerCase(Locale.ROOT);
        if (!(scheme.equals("http") || scheme.equals("https")) || address.getHost() == null) {
            throw new IllegalArgumentException("Prometheus address must be an http(s) URL with a host, got '"
                    + address.getScheme() + "://" + address.getHost() + "'");
        }
        if (address.getUserInfo() != null) {
            throw new IllegalArgumentException(
                    "Prometheus address must not carry credentials: use basic auth or a bearer token");
        }
        if (address.getQuery() != null || address.getFragment() != null) {
            throw new IllegalArgumentException("Prometheus address must not have a query or fragment: " + address);
        }
        return address;
    }

    private static final java.util.Set<String> RESERVED = java.util.Set.of(
            "authorization",
            "connection",
            "content-length",
            "content-type",
            "accept",
            "expect",
            "host",
            "upgrade",
            "te",
            "trailer",
            "transfer-encoding");

    /** Extra headers must be plain tokens and may not replace what the client sets (credentials go in auth). */
    public static Map<String, String> checkHeaders(Map<String, String> headers) {
        for (Map.Entry<String, String> h : headers.entrySet()) {
            if (h.getKey() == null
                    || !h.getKey().matches("[A-Za-z0-9!#$%&'*+.^_`|~-]+")
                    || RESERVED.contains(h.getKey().toLowerCase(Locale.ROOT))) {
                throw new IllegalArgumentException("header '" + h.getKey() + "' cannot be set"
                        + (String.valueOf(h.getKey()).equalsIgnoreCase("authorization")
                                ? ": use basic auth or a bearer token"
                                : ""));
            }
            if (h.getValue() == null || h.getValue().chars().anyMatch(c -> c < 0x20 && c != '\t' || c == 0x7f)) {
                throw new IllegalArgumentException("header '" + h.getKey() + "' has no value or a control character");
            }
        }
        return Map.copyOf(headers);
    }

    public URI address() {
        return address;
    }

    /** An instant query at {@code time}. */
    public QueryResult query(String promql, Instant time) throws PrometheusException {
        return post("/api/v1/query", Map.of("query", promql, "time", seconds(time)));
    }

    /** A range query from {@code start} to {@code end} every {@code step}. */
    public QueryResult queryRange(String promql, Instant start, Instant end, Duration step) throws PrometheusException {
        if (step.isNegative() || step.isZero()) {
            throw new IllegalArgumentException("step must be positive");
        }
        return post(
                "/api/v1/query_range",
                Map.of(
                        "query",
                        promql,
                        "start",
                        seconds(start),
                        "end",
                        seconds(end),
                        "step",
                        BigDecimal.valueOf(step.toMillis(), 3).toPlainString()));
    }

    private QueryResult post(String path, Map<String, String> form) throws PrometheusException {
        String body = encode(form);
        String base = address.toString().replaceAll("/+$", "");
        URI uri = URI.create(base + path);
        HttpRequest.Builder request = HttpRequest.newBuilder(uri)
                .timeout(timeout)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        headers.forEach(request::header);
        auth.header().ifPresent(h -> request.header("Authorization", h));
        BoundedHttp.Answer answer;
        try {
            answer = BoundedHttp.send(http, request.build(), timeout, MAX_BODY);
        } catch (HttpTimeoutException e) {
            throw new PrometheusException(
                    "Prometheus at " + address + " did not answer within " + timeout.toMillis() + " ms");
        } catch (ConnectException e) {
            throw new PrometheusException("Prometheus at " + address + " is unreachable (connection refused)", e);
        } catch (IOException e) {
            throw new PrometheusException("Prometheus at " + address + " is unreachable: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PrometheusException("interrupted while querying Prometheus at " + address, e);
        }
        return parse(answer.status(), answer.body());
    }

    /**
     * Parses an API answer as Prometheus' own Go client (which Argo Rollouts uses) does: a status other than 2xx,
     * 400 or 422 is an error whatever the body says, 400 and 422 must carry an API error, and a 2xx answer must
     * say success. HTTP 400 {@code bad_data} means the query itself was rejected: a configuration error that no
     * retry mends. Public so recorded answers can be replayed.
     */
    public QueryResult parse(int status, byte[] body) throws PrometheusException {
        if (body.length > MAX_BODY) {
            throw new PrometheusException(
                    "Prometheus answer from " + address + " is larger than " + MAX_BODY + " bytes");
        }
        JsonNode root;
        try {
            root = JSON.readTree(body);
        } catch (IOException e) {
            root = null;
        }
        boolean api = root != null && root.isObject();
        String outcome = api ? root.path("status").asText() : "";
        String error = api
                ? root.path("errorType").asText("error") + ": "
                        + root.path("error").asText("(no message)")
                : null;
        boolean apiError = status == 400 || status == 422;
        if (status / 100 != 2 && !apiError) {
            throw new PrometheusException("Prometheus at " + address + " answered HTTP " + status
                    + ("error".equals(outcome) ? " " + error : api ? ", not an answer whatever its body says" : "")
                    + (status == 401 || status == 403 ? " (check the credentials)" : ""));
        }
        if (!api) {
            throw new PrometheusException(
                    "Prometheus at " + address + " answered HTTP " + status + " without a JSON API response");
        }
        if ("error".equals(outcome)) {
            String message = "Prometheus at " + address + " answered HTTP " + status + " " + error;
            if (status == 400 && "bad_data".equals(root.path("errorType").asText())) {
                throw PrometheusException.rejectedQuery(message + " (the query is invalid)");
            }
            throw new PrometheusException(message);
        }
        if (apiError || !"success".equals(outcome)) {
            throw new PrometheusException("Prometheus at " + address + " answered HTTP " + status + " with status '"
                    + abbreviate(outcome) + "': an inconsistent answer, not a result");
        }
        JsonNode data = root.path("data");
        String type = data.path("resultType").asText();
        JsonNode result = data.path("result");
        List<QueryResult.Series> series = new ArrayList<>();
        switch (type) {
            case "scalar" -> series.add(new QueryResult.Series(Map.of(), List.of(point(result, "scalar"))));
            case "vector" -> {
                for (JsonNode s : result) {
                    series.add(new QueryResult.Series(labels(s), List.of(point(s.path("value"), "vector"))));
                }
            }
            case "matrix" -> {
                for (JsonNode s : result) {
                    List<QueryResult.Point> points = new ArrayList<>();
                    for (JsonNode p : s.path("values")) {
                        points.add(point(p, "matrix"));
                    }
                    series.add(new QueryResult.Series(labels(s), points));
                }
            }
            default ->
                throw new PrometheusException("Prometheus at " + address + " returned a '" + type
                        + "' result; a metric needs a vector or a scalar");
        }
        return new QueryResult(type, series);
    }

    private QueryResult.Point point(JsonNode pair, String type) throws PrometheusException {
        if (!pair.isArray()
                || pair.size() != 2
                || !pair.get(0).isNumber()
                || !pair.get(1).isTextual()) {
            throw new PrometheusException(
                    "Prometheus at " + address + " returned a malformed " + type + " sample: " + abbreviate(pair));
        }
        long millis = pair.get(0).decimalValue().movePointRight(3).longValue();
        return new QueryResult.Point(
                Instant.ofEpochMilli(millis), value(pair.get(1).asText()));
    }

    /** Prometheus writes NaN, +Inf and -Inf (Go's formatting), which Java's parser does not all accept. */
    static double value(String text) throws PrometheusException {
        return switch (text) {
            case "NaN" -> Double.NaN;
            case "+Inf", "Inf" -> Double.POSITIVE_INFINITY;
            case "-Inf" -> Double.NEGATIVE_INFINITY;
            default -> {
                try {
                    yield Double.parseDouble(text);
                } catch (NumberFormatException e) {
                    throw new PrometheusException("Prometheus returned '" + abbreviate(text) + "', not a number");
                }
            }
        };
    }

    private static Map<String, String> labels(JsonNode s) {
        Map<String, String> labels = new LinkedHashMap<>();
        s.path("metric")
                .properties()
                .forEach(e -> labels.put(e.getKey(), e.getValue().asText()));
        return labels;
    }

    private static String seconds(Instant t) {
        return BigDecimal.valueOf(t.toEpochMilli(), 3).toPlainString();
    }

    private static String encode(Map<String, String> form) {
        StringBuilder sb = new StringBuilder();
        form.forEach((k, v) -> sb.append(sb.length() == 0 ? "" : "&")
                .append(URLEncoder.encode(k, StandardCharsets.UTF_8))
                .append('=')
                .append(URLEncoder.encode(v, StandardCharsets.UTF_8)));
        return sb.toString();
    }

    private static String abbreviate(Object o) {
        String s = o instanceof JsonNode n ? toJson(n) : String.valueOf(o);
        return s.length() > 80 ? s.substring(0, 80) + "..." : s;
    }

    private static String toJson(JsonNode n) {
        try {
            return JSON.writeValueAsString(n);
        } catch (JsonProcessingException e) {
            return n.toString();
        }
    }
}
