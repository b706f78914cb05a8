package io.jenkins.plugins.relgov.report;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Streams a SARIF 2.1.0 log (Trivy, Checkov, CodeQL, Semgrep...) and counts its results by severity the way
 * GitHub code scanning does: the rule's {@code properties."security-severity"} score when it has one
 * ({@link Severity#ofScore}), else the result's {@code level}, else the rule's
 * {@code defaultConfiguration.level}, else "warning" ({@link Severity#ofSarifLevel}).
 *
 * <p>One result or rule is held in memory at a time. A result's rule is found by {@code ruleIndex} or
 * {@code rule.index} (in {@code rule.toolComponent}'s rules when given, else the driver's), else by
 * {@code ruleId}. Results that come before their run's {@code tool} are kept as small tuples until the
 * run ends. Results whose {@code kind} is pass, notApplicable or informational are not findings; results
 * with an accepted suppression are counted apart, as suppressed.
 */
public final class SarifParser {
    private SarifParser() {}

    /** What the gate needs of a rule. */
    private record Rule(String id, String defaultLevel, Double securitySeverity) {}

    /** What the gate needs of a result; small, so it can wait for rules that come later. */
    private record Result(int line, Integer component, Integer ruleIndex, String ruleId, String level, String uri) {}

    /** The rules of one run: driver rules, and each extension's. */
    private static final class Rules {
        final List<Rule> driver = new ArrayList<>();
        final List<List<Rule>> extensions = new ArrayList<>();
        final Map<String, Rule> byId = new HashMap<>();

        void add(List<Rule> into, Rule r) {
            into.add(r);
            if (r.id() != null) {
                byId.putIfAbsent(r.id(), r);
            }
        }

        Rule find(Result r) {
            List<Rule> list = r.component() == null
                    ? driver
                    : r.component() < extensions.size() ? extensions.get(r.component()) : List.of();
            if (r.ruleIndex() != null && r.ruleIndex() >= 0 && r.ruleIndex() < list.size()) {
                return list.get(r.ruleIndex());
            }
            return r.ruleId() == null ? null : byId.get(r.ruleId());
        }
    }

    public static Findings parse(InputStream in, String file) {
        return parse(in, file, null);
    }

    /** As {@link #parse(InputStream, String)}, also giving {@code each} every finding counted (null: none). */
    public static Findings parse(InputStream in, String file, java.util.function.Consumer<ScanFinding> each) {
        Findings.Tally tally = new Findings.Tally(each);
        try (JsonParser p = Json.open(in)) {
            p.nextToken();
            Json.expect(p, JsonToken.START_OBJECT, "a SARIF log", file);
            boolean runs = false;
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                p.nextToken();
                if (field.equals("version")) {
                    if (!"2.1.0".equals(p.getValueAsString())) {
                        throw new ReportException(
                                file,
                                Json.line(p),
                                "SARIF version '" + p.getValueAsString() + "' is not supported (expected 2.1.0)",
                                null);
                    }
                } else if (field.equals("runs")) {
                    int line = Json.line(p);
                    Json.expect(p, JsonToken.START_ARRAY, "'runs'", file);
                    runs = true;
                    int n = 0;
                    while (p.nextToken() != JsonToken.END_ARRAY) {
                        run(p, file, tally);
                        n++;
                    }
                    if (n == 0) {
                        throw new ReportException(
                                file,
                                line,
                                "the SARIF log holds no run: no tool ran, so its findings" + " are unknown",
                                null);
                    }
                } else {
                    p.skipChildren();
                }
            }
            if (!runs) {
                throw new ReportException(file, "not a SARIF log: no 'runs' array");
            }
        } catch (IOException e) {
            throw Json.error(file, e);
        }
        return tally.build();
    }

    private static void run(JsonParser p, String file, Findings.Tally tally) throws IOException {
        int runLine = Json.line(p);
        Json.expect(p, JsonToken.START_OBJECT, "a run", file);
        Rules rules = null;
        List<Result> waiting = new ArrayList<>();
        boolean results = false;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            p.nextToken();
            if (field.equals("invocations") && p.currentToken() == JsonToken.START_ARRAY) {
                // a failed tool still writes SARIF: its findings are unknown, not zero (oasis-tcs/sarif-spec#398)
                while (p.nextToken() != JsonToken.END_ARRAY) {
                    int line = Json.line(p);
                    JsonNode invocation = p.readValueAsTree();
                    if (invocation.path("executionSuccessful").isBoolean()
                            && !invocation.path("executionSuccessful").booleanValue()) {
                        throw new ReportException(
                                file,
                                line,
                                "the tool's invocation has executionSuccessful false: the scan"
                                        + " failed, so its findings are unknown",
                                null);
                    }
                }
            } else if (field.equals("tool")) {
                rules = tool(p, file);
                for (Result r : waiting) {
                    count(r, rules, file, tally);
                }
                waiting.clear();
            } else if (field.equals("results")) {
                if (p.currentToken() == JsonToken.VALUE_NULL) {
                    continue;
                }
                Json.expect(p, JsonToken.START_ARRAY, "'results'", file);
                results = true;
                while (p.nextToken() != JsonToken.END_ARRAY) {
                    int line = Json.line(p);
                    JsonNode node = p.readValueAsTree();
                    Result r = result(node, line, tally);
                    if (r == null) {
                        continue;
                    }
                    if (rules != null) {
                        count(r, rules, file, tally);
                    } else {
                        waiting.add(r);
                    }
                }
            } else {
                p.skipChildren();
            }
        }
        if (!waiting.isEmpty()) {
            throw new ReportException(file, waiting.get(0).line(), "a run has results but no 'tool'", null);
        }
        if (!results) {
            throw new ReportException(
                    file,
                    runLine,
                    "a run has no 'results' (null or absent): the tool produced no"
                            + " results, so its findings are unknown (a clean scan writes \"results\": [])",
                    null);
        }
    }

    private static Rules tool(JsonParser p, String file) throws IOException {
        Json.expect(p, JsonToken.START_OBJECT, "'tool'", file);
        Rules rules = new Rules();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            p.nextToken();
            if (field.equals("driver")) {
                component(p, file, rules, rules.driver);
            } else if (field.equals("extensions")) {
                Json.expect(p, JsonToken.START_ARRAY, "'tool.extensions'", file);
                while (p.nextToken() != JsonToken.END_ARRAY) {
                    List<Rule> ext = new ArrayList<>();
                    rules.extensions.add(ext);
                    component(p, file, rules, ext);
                }
            } else {
                p.skipChildren();
            }
        }
        return rules;
    }

    private static void component(JsonParser p, String file, Rules rules, List<Rule> into) throws IOException {
        Json.expect(p, JsonToken.START_OBJECT, "a tool component", file);
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            p.nextToken();
            if (field.equals("rules")) {
                Json.expect(p, JsonToken.START_ARRAY, "'rules'", file);
                while (p.nextToken() != JsonToken.END_ARRAY) {
                    int line = Json.line(p);
                    JsonNode rule = p.readValueAsTree();
                    rules.add(
                            into,
                            new Rule(
                                    text(rule.path("id")),
                                    text(rule.path("defaultConfiguration").path("level")),
                                    score(rule, line, file)));
                }
            } else {
                p.skipChildren();
            }
        }
    }

    private static Double score(JsonNode rule, int line, String file) {
        JsonNode s = rule.path("properties").path("security-severity");
        if (s.isMissingNode() || s.isNull()) {
            return null;
        }
        if (s.isNumber()) {
            return s.doubleValue();
        }
        try {
            return Double.parseDouble(s.asText().trim());
        } catch (NumberFormatException e) {
            throw new ReportException(
                    file,
                    line,
                    "rule '" + text(rule.path("id")) + "' has a security-severity that is not a number: '" + s.asText()
                            + "'",
                    e);
        }
    }

    /** The result's tuple, or null when it is not a finding (a pass) or is suppressed (then tallied as such). */
    private static Result result(JsonNode r, int line, Findings.Tally tally) {
        String kind = text(r.path("kind"));
        if (kind != null && !kind.equals("fail") && !kind.equals("review") && !kind.equals("open")) {
            return null;
        }
        for (JsonNode s : r.path("suppressions")) {
            String status = text(s.path("status"));
            if (status == null || status.equals("accepted")) {
                tally.suppressed();
                return null;
            }
        }
        JsonNode rule = r.path("rule");
        Integer index = r.has("ruleIndex")
                ? Integer.valueOf(r.get("ruleIndex").asInt())
                : rule.has("index") ? Integer.valueOf(rule.get("index").asInt()) : null;
        Integer component = rule.path("toolComponent").has("index")
                ? Integer.valueOf(rule.path("toolComponent").get("index").asInt())
                : null;
        String id = r.has("ruleId") ? text(r.get("ruleId")) : text(rule.path("id"));
        String uri = text(r.path("locations")
                .path(0)
                .path("physicalLocation")
                .path("artifactLocation")
                .path("uri"));
        return new Result(line, component, index, id, text(r.path("level")), uri);
    }

    private static void count(Result r, Rules rules, String file, Findings.Tally tally) {
        Rule rule = rules.find(r);
        Severity severity;
        if (rule != null && rule.securitySeverity() != null) {
            severity = Severity.ofScore(rule.securitySeverity());
        } else {
            String level = r.level() != null
                    ? r.level()
                    : rule != null && rule.defaultLevel() != null ? rule.defaultLevel() : "warning";
            try {
                severity = Severity.ofSarifLevel(level);
            } catch (IllegalArgumentException e) {
                throw new ReportException(file, r.line(), e.getMessage(), e);
            }
        }
        tally.add(severity, r.ruleId() == null ? "result" : r.ruleId(), r.uri());
    }

    private static String text(JsonNode n) {
        return n == null || n.isMissingNode() || n.isNull() ? null : n.asText();
    }
}
