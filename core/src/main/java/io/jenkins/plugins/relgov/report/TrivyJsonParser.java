package io.jenkins.plugins.relgov.report;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;

/**
 * Streams Trivy's own JSON report ({@code trivy ... --format json}, SchemaVersion 2): every
 * {@code Results[].Vulnerabilities[]}, failed {@code Misconfigurations[]} and {@code Secrets[]} entry is a
 * finding of its {@code Severity} (CRITICAL, HIGH, MEDIUM, LOW, UNKNOWN). A Result without those keys has
 * nothing to count.
 *
 * <p>A clean scan still lists what it scanned: Trivy writes one Result per target (the image's OS packages,
 * each lock file, each config file) whether or not it found anything there, and omits {@code Results} only
 * when it scanned no target at all (a wrong path, an unsupported OS, a secret-only scan that found nothing).
 * So a report whose {@code Results} is absent, null or empty cannot tell "nothing found" from "nothing
 * scanned", and is refused: its findings are unknown, as with a SARIF run without {@code results}.
 */
public final class TrivyJsonParser {
    private TrivyJsonParser() {}

    public static Findings parse(InputStream in, String file) {
        return parse(in, file, null);
    }

    /** As {@link #parse(InputStream, String)}, also giving {@code each} every finding counted (null: none). */
    public static Findings parse(InputStream in, String file, java.util.function.Consumer<ScanFinding> each) {
        Findings.Tally tally = new Findings.Tally(each);
        boolean schema = false;
        int targets = 0;
        int resultsLine = -1;
        try (JsonParser p = Json.open(in)) {
            p.nextToken();
            Json.expect(p, JsonToken.START_OBJECT, "a Trivy report", file);
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                p.nextToken();
                if (field.equals("SchemaVersion")) {
                    schema = true;
                    if (p.getValueAsInt() != 2) {
                        throw new ReportException(
                                file,
                                Json.line(p),
                                "Trivy SchemaVersion " + p.getText() + " is not supported (expected 2)",
                                null);
                    }
                } else if (field.equals("Results")) {
                    resultsLine = Json.line(p);
                    if (p.currentToken() == JsonToken.VALUE_NULL) {
                        continue;
                    }
                    Json.expect(p, JsonToken.START_ARRAY, "'Results'", file);
                    while (p.nextToken() != JsonToken.END_ARRAY) {
                        result(p, file, tally);
                        targets++;
                    }
                } else {
                    p.skipChildren();
                }
            }
        } catch (IOException e) {
            throw Json.error(file, e);
        }
        if (!schema) {
            throw new ReportException(file, "not a Trivy JSON report: no SchemaVersion");
        }
        if (targets == 0) {
            throw new ReportException(
                    file,
                    resultsLine,
                    "the report lists no scanned target ('Results' is "
                            + (resultsLine < 0 ? "absent" : "null or empty")
                            + "), so its findings are unknown: Trivy lists"
                            + " every target it scans, even a clean one, and writes no Results when it scanned nothing",
                    null);
        }
        return tally.build();
    }

    private static void result(JsonParser p, String file, Findings.Tally tally) throws IOException {
        Json.expect(p, JsonToken.START_OBJECT, "a Trivy Result", file);
        String target = null;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            p.nextToken();
            switch (field) {
                case "Target" -> target = p.getValueAsString();
                case "Vulnerabilities", "Misconfigurations", "Secrets" -> {
                    if (p.currentToken() == JsonToken.VALUE_NULL) {
                        continue;
                    }
                    Json.expect(p, JsonToken.START_ARRAY, "'" + field + "'", file);
                    while (p.nextToken() != JsonToken.END_ARRAY) {
                        int line = Json.line(p);
                        JsonNode entry = p.readValueAsTree();
                        if (field.equals("Misconfigurations")
                                && !"FAIL".equals(entry.path("Status").asText())) {
                            continue;
                        }
                        String id = entry.has("VulnerabilityID")
                                ? entry.get("VulnerabilityID").asText()
                                : entry.has("ID")
                                        ? entry.get("ID").asText()
                                        : entry.path("RuleID").asText("?");
                        String pkg = entry.path("PkgName").asText(null);
                        tally.add(severity(entry, line, file), id, pkg != null ? pkg : target != null ? target : "?");
                    }
                }
                default -> p.skipChildren();
            }
        }
    }

    private static Severity severity(JsonNode entry, int line, String file) {
        String s = entry.path("Severity").asText("");
        try {
            Severity severity = Severity.valueOf(s.toUpperCase(Locale.ROOT));
            if (severity != Severity.NONE) {
                return severity;
            }
        } catch (IllegalArgumentException ignored) {
            // reported below
        }
        throw new ReportException(
                file,
                line,
                "unknown Trivy Severity '" + s + "' (expected CRITICAL, HIGH, MEDIUM, LOW or UNKNOWN)",
                null);
    }
}
