package io.jenkins.plugins.relgov.signing;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jenkins.plugins.relgov.report.ScanFinding;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

/**
 * An in-toto vulns predicate v0.1 (github.com/in-toto/attestation, spec/predicates/vulns.md): the scanner
 * ({@code uri}, {@code version}) and its {@code result}, every finding of the report with its id and severity
 * (an empty list means the scanner found nothing), and when the scan ran. Fields the report cannot tell (the
 * vulnerability database) are left out rather than invented.
 *
 * @param scannerUri     the scanner's identity, e.g. {@code pkg:github/aquasecurity/trivy@v0.58.1}
 * @param scannerVersion its version, or null
 * @param findings       every finding the gate counted
 * @param method         how the severity was scored: the report format ({@code sarif}, {@code trivy})
 * @param startedOn      when the scan started, or null when unknown
 * @param finishedOn     when it finished, or null when unknown
 */
public record VulnsPredicate(
        String scannerUri,
        String scannerVersion,
        List<ScanFinding> findings,
        String method,
        Instant startedOn,
        Instant finishedOn) {
    public static final String PREDICATE_TYPE = "https://in-toto.io/attestation/vulns/v0.1";
    private static final ObjectMapper JSON = new ObjectMapper();

    public VulnsPredicate {
        findings = List.copyOf(findings);
        if (scannerUri == null || scannerUri.isBlank()) {
            throw new IllegalArgumentException("a vulns attestation names its scanner (scanner.uri is required)");
        }
    }

    public ObjectNode toJson() {
        ObjectNode root = JSON.createObjectNode();
        ObjectNode scanner = root.putObject("scanner");
        scanner.put("uri", scannerUri);
        if (scannerVersion != null) {
            scanner.put("version", scannerVersion);
        }
        ArrayNode result = scanner.putArray("result");
        for (ScanFinding f : findings) {
            ObjectNode v = result.addObject().put("id", f.id());
            v.putArray("severity")
                    .addObject()
                    .put("method", method)
                    .put("score", f.severity().name().toLowerCase(Locale.ROOT));
            if (f.where() != null) {
                v.putArray("annotations").addObject().put("location", f.where());
            }
        }
        if (startedOn != null || finishedOn != null) {
            ObjectNode meta = root.putObject("metadata");
            if (startedOn != null) {
                meta.put("scanStartedOn", startedOn.toString());
            }
            if (finishedOn != null) {
                meta.put("scanFinishedOn", finishedOn.toString());
            }
        }
        return root;
    }

    public InTotoStatement statement(List<InTotoStatement.Subject> subjects) {
        return new InTotoStatement(subjects, PREDICATE_TYPE, toJson());
    }
}
