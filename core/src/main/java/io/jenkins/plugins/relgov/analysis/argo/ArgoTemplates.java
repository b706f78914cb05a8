package io.jenkins.plugins.relgov.analysis.argo;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.jenkins.plugins.relgov.analysis.AnalysisSpec;
import io.jenkins.plugins.relgov.analysis.Condition;
import io.jenkins.plugins.relgov.analysis.MetricSpec;
import io.jenkins.plugins.relgov.analysis.Provider;
import io.jenkins.plugins.relgov.analysis.prometheus.PrometheusAuth;
import io.jenkins.plugins.relgov.analysis.prometheus.PrometheusClient;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads Argo Rollouts analysis as users already write it: an {@code AnalysisTemplate} or
 * {@code ClusterAnalysisTemplate}, its {@code spec}, or just the {@code metrics} list, with Prometheus
 * providers, Argo's defaults and {@code {{args.name}}} substitution. What relgov cannot run (other providers,
 * {@code valueFrom} args, dry-run) is refused by name rather than ignored.
 */
public final class ArgoTemplates {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory())
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
    private static final Pattern ARG = Pattern.compile("\\{\\{\\s*args\\.([A-Za-z0-9_.-]+)\\s*}}");
    private static final Set<String> KINDS = Set.of("AnalysisTemplate", "ClusterAnalysisTemplate");

    private ArgoTemplates() {}

    // The shapes of Argo's YAML, as far as relgov reads it; unknown fields are errors, with their line.
    @JsonIgnoreProperties(value = {"apiVersion", "metadata"})
    record Template(String kind, Spec spec, List<Metric> metrics, List<Arg> args) {}

    record Spec(List<Arg> args, List<Metric> metrics) {}

    record Arg(String name, String value, JsonNode valueFrom) {}

    record Metric(
            String name,
            String interval,
            String initialDelay,
            String count,
            String successCondition,
            String failureCondition,
            String failureLimit,
            String inconclusiveLimit,
            String consecutiveErrorLimit,
            Map<String, JsonNode> provider) {}

    record Prometheus(
            String address, String query, String timeout, List<Header> headers, Authentication authentication) {}

    record Header(String key, String value) {}

    record Authentication(BasicAuth basicAuth) {}

    record BasicAuth(String username, String password) {}

    /**
     * Parses a template.
     *
     * @param yaml            the template's text
     * @param origin          its file name, for messages
     * @param args            argument values ({@code --arg k=v}); they override the template's own values
     * @param defaultAddress  Prometheus to use when a metric names none, or null
     * @param addressOverride Prometheus to use for every metric (e.g. reachable from CI), or null
     * @param window          the total analysis time, or null
     * @throws IllegalArgumentException naming the file, line or metric and field that is wrong
     */
    public static AnalysisSpec parse(
            String yaml,
            String origin,
            Map<String, String> args,
            URI defaultAddress,
            URI addressOverride,
            Duration window) {
        YamlLines lines = YamlLines.of(yaml);
        Template t = read(yaml, origin, lines);
        List<Metric> metrics = t.spec() != null ? t.spec().metrics() : t.metrics();
        List<Arg> declared = t.spec() != null ? t.spec().args() : t.args();
        if (t.kind() != null && !KINDS.contains(t.kind())) {
            throw new IllegalArgumentException(
                    origin + ": kind '" + t.kind() + "' is not an AnalysisTemplate or ClusterAnalysisTemplate");
        }
        if (metrics == null || metrics.isEmpty()) {
            throw new IllegalArgumentException(origin + ": no metrics (expected spec.metrics or a metrics list)");
        }
        Map<String, String> values = argValues(declared, args, origin);
        List<MetricSpec> specs = new ArrayList<>();
        String base = t.spec() != null
                ? "/spec/metrics/"
                : t.metrics() != null && t.kind() == null && yaml.stripLeading().startsWith("-") ? "/" : "/metrics/";
        for (int i = 0; i < metrics.size(); i++) {
            String where = origin + lines.line(base + i) + ": " + YamlLines.dotted(base + i);
            specs.add(metric(metrics.get(i), where, values, defaultAddress, addressOverride));
        }
        try {
            return new AnalysisSpec(specs, window);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(origin + ": " + e.getMessage(), e);
        }
    }

    /** A YAML syntax error in one line: SnakeYAML's own message spans several, with a source excerpt. */
    private static java.util.Optional<IllegalArgumentException> syntax(JsonProcessingException e, String origin) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof org.yaml.snakeyaml.error.MarkedYAMLException y && y.getProblemMark() != null) {
                return java.util.Optional.of(new IllegalArgumentException(
                        origin + " line " + (y.getProblemMark().getLine() + 1) + ": not valid YAML: "
                                + (y.getContext() == null ? "" : y.getContext() + ": ") + y.getProblem(),
                        e));
            }
        }
        return java.util.Optional.empty();
    }

    private static Template read(String yaml, String origin, YamlLines lines) {
        try (JsonParser p = YAML.createParser(yaml)) {
            JsonToken first = p.nextToken();
            if (first == JsonToken.START_ARRAY) {
                List<Metric> list = YAML.readerForListOf(Metric.class).readValue(p);
                return new Template(null, null, list, null);
            }
            if (first != JsonToken.START_OBJECT) {
                throw new IllegalArgumentException(
                        origin + ": expected an AnalysisTemplate, its spec or a metrics list");
            }
            Template t = YAML.readValue(p, Template.class);
            return t;
        } catch (UnrecognizedPropertyException e) {
            String pointer = YamlLines.pointer(e);
            throw new IllegalArgumentException(
                    origin + lines.line(pointer) + ": field '" + YamlLines.dotted(pointer)
                            + "' is not supported here (relgov reads " + e.getKnownPropertyIds() + ")",
                    e);
        } catch (com.fasterxml.jackson.databind.JsonMappingException e) {
            String pointer = YamlLines.pointer(e);
            throw syntax(e, origin)
                    .orElseGet(() -> new IllegalArgumentException(
                            origin + lines.line(pointer) + ": " + YamlLines.dotted(pointer) + ": "
                                    + e.getOriginalMessage(),
                            e));
        } catch (JsonProcessingException e) {
            throw syntax(e, origin)
                    .orElseGet(() -> new IllegalArgumentException(
                            origin + " line "
                                    + (e.getLocation() == null
                                            ? "?"
                                            : e.getLocation().getLineNr()) + ": " + e.getOriginalMessage(),
                            e));
        } catch (IOException e) {
            throw new IllegalArgumentException(origin + ": " + e.getMessage(), e);
        }
    }

    private static Map<String, String> argValues(List<Arg> declared, Map<String, String> given, String origin) {
        Map<String, String> values = new LinkedHashMap<>();
        Set<String> names = new java.util.HashSet<>();
        for (Arg a : declared == null ? List.<Arg>of() : declared) {
            if (a.name() == null || a.name().isBlank()) {
                throw new IllegalArgumentException(origin + ": an arg has no name");
            }
            names.add(a.name());
            if (a.valueFrom() != null && !given.containsKey(a.name())) {
                throw new IllegalArgumentException(origin + ": arg '" + a.name()
                        + "' uses valueFrom (a Kubernetes secret or field), which relgov cannot read: pass --arg "
                        + a.name() + "=...");
            }
            if (a.value() != null) {
                values.put(a.name(), a.value());
            }
        }
        for (Map.Entry<String, String> e : given.entrySet()) {
            if (!names.contains(e.getKey())) {
                throw new IllegalArgumentException(
                        origin + ": arg '" + e.getKey() + "' is not declared in spec.args " + names);
            }
            values.put(e.getKey(), e.getValue());
        }
        return values;
    }

    private static MetricSpec metric(
            Metric m, String where, Map<String, String> args, URI defaultAddress, URI addressOverride) {
        if (m.name() == null || m.name().isBlank()) {
            throw new IllegalArgumentException(where + ": a metric needs a name");
        }
        String at = where + " (" + m.name() + ")";
        if (m.provider() == null || m.provider().isEmpty()) {
            throw new IllegalArgumentException(at + ": no provider");
        }
        for (String kind : m.provider().keySet()) {
            if (!kind.equals("prometheus")) {
                throw new IllegalArgumentException(at + ": provider '" + kind
                        + "' is not supported; relgov runs prometheus metrics (and its own health checks)");
            }
        }
        Prometheus prom;
        try {
            prom = YAML.treeToValue(m.provider().get("prometheus"), Prometheus.class);
        } catch (UnrecognizedPropertyException e) {
            String path = e.getPath().stream()
                    .map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
                    .collect(java.util.stream.Collectors.joining("."));
            throw new IllegalArgumentException(
                    at + ": provider.prometheus." + path
                            + " is not supported (relgov reads address, query, timeout, headers, authentication.basicAuth)",
                    e);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(at + ": provider.prometheus: " + e.getOriginalMessage(), e);
        }
        if (prom == null) {
            throw new IllegalArgumentException(at + ": provider.prometheus is empty");
        }
        URI address = addressOverride;
        String declaredAddress = sub(prom.address(), args, at, "address");
        if (address == null && declaredAddress != null && !declaredAddress.isBlank()) {
            address = uri(declaredAddress, at);
        }
        if (address == null) {
            address = defaultAddress;
        }
        if (address == null) {
            throw new IllegalArgumentException(
                    at + ": provider.prometheus.address is not set and no --prometheus was given");
        }
        try {
            Duration timeout = prom.timeout() == null
                    ? null
                    : Duration.ofSeconds(integer(sub(prom.timeout(), args, at, "timeout"), at, "timeout", 30));
            Map<String, String> headers = new LinkedHashMap<>();
            for (Header h : prom.headers() == null ? List.<Header>of() : prom.headers()) {
                headers.put(h.key(), sub(h.value(), args, at, "headers." + h.key()));
            }
            PrometheusAuth auth = null;
            if (prom.authentication() != null && prom.authentication().basicAuth() != null) {
                BasicAuth b = prom.authentication().basicAuth();
                auth = PrometheusAuth.basic(
                        sub(b.username(), args, at, "basicAuth.username"),
                        sub(b.password(), args, at, "basicAuth.password"));
            }
            Provider provider = new Provider.PrometheusQuery(
                    PrometheusClient.checkAddress(address),
                    sub(prom.query(), args, at, "query"),
                    timeout,
                    headers,
                    auth);
            String interval = sub(m.interval(), args, at, "interval");
            String delay = sub(m.initialDelay(), args, at, "initialDelay");
            String count = sub(m.count(), args, at, "count");
            String success = sub(m.successCondition(), args, at, "successCondition");
            String failure = sub(m.failureCondition(), args, at, "failureCondition");
            return new MetricSpec(
                    m.name(),
                    provider,
                    blank(success) ? null : Condition.compile(success),
                    blank(failure) ? null : Condition.compile(failure),
                    blank(interval) ? null : GoDuration.parse(interval),
                    blank(count) ? null : integer(count, at, "count", 0),
                    blank(delay) ? null : GoDuration.parse(delay),
                    integer(sub(m.failureLimit(), args, at, "failureLimit"), at, "failureLimit", 0),
                    integer(sub(m.inconclusiveLimit(), args, at, "inconclusiveLimit"), at, "inconclusiveLimit", 0),
                    integer(
                            sub(m.consecutiveErrorLimit(), args, at, "consecutiveErrorLimit"),
                            at,
                            "consecutiveErrorLimit",
                            MetricSpec.DEFAULT_CONSECUTIVE_ERROR_LIMIT),
                    null);
        } catch (IllegalArgumentException e) {
            throw e.getMessage().startsWith(where) ? e : new IllegalArgumentException(at + ": " + e.getMessage(), e);
        }
    }

    /** Replaces {@code {{args.name}}}; an argument without a value is an error naming it. */
    private static String sub(String text, Map<String, String> args, String at, String field) {
        if (text == null) {
            return null;
        }
        Matcher m = ARG.matcher(text);
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            String value = args.get(m.group(1));
            if (value == null) {
                throw new IllegalArgumentException(at + ": " + field + " uses {{args." + m.group(1)
                        + "}}, which has no value: pass --arg " + m.group(1) + "=...");
            }
            m.appendReplacement(sb, Matcher.quoteReplacement(value));
        }
        m.appendTail(sb);
        return sb.toString();
    }

    private static int integer(String text, String at, String field, int fallback) {
        if (blank(text)) {
            return fallback;
        }
        try {
            return Integer.parseInt(text.strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(at + ": " + field + " '" + text + "' is not a whole number");
        }
    }

    private static URI uri(String text, String at) {
        try {
            return new URI(text.strip());
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException(at + ": provider.prometheus.address '" + text + "' is not a URL");
        }
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
