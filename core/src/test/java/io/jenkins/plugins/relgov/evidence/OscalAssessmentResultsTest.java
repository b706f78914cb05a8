package io.jenkins.plugins.relgov.evidence;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import io.jenkins.plugins.relgov.SharedFixtures;
import io.jenkins.plugins.relgov.signing.SigningKey;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The OSCAL export of a bundle: valid against NIST's assessment-results JSON schema (checked with a real JSON
 * Schema validator), the same bytes every time for the same bundle, a finding per control, the bundle's files
 * with their digests as the evidence, and nothing at all for a bundle that does not verify.
 */
class OscalAssessmentResultsTest {
    @TempDir
    Path dir;

    /** A rolled-back minor release with real reports and a change record lacking its security impact. */
    private Path bundle(String name) throws Exception {
        SigningKey key = TestBundles.key(dir.resolve("key"), "ec");
        ReleaseEvidence ev = TestBundles.minorRelease(dir.resolve("work-" + name), key, true);
        ev.recordChange(
                new ChangeRecord(
                        "CHG-1234", "CSV export", null, "carol", "make rollback ENV=production VERSION=v2.3.1", null),
                "carol");
        ev.record(
                EventType.ROLLBACK,
                "jenkins",
                TestBundles.JSON
                        .createObjectNode()
                        .put("environment", "production")
                        .put("from", "v2.4.0")
                        .put("to", "v2.3.1")
                        .put("reason", "error-rate 7.1% > 5%"));
        return TestBundles.write(ev.seal(key, "jenkins"), dir.resolve(name + ".zip"), true);
    }

    private OscalAssessmentResults.Export export(Path zip) throws Exception {
        return OscalAssessmentResults.export(
                zip, new BundleVerifier.Options(TestBundles.pub(dir.resolve("key")), null, null));
    }

    private static JsonNode json(byte[] b) throws Exception {
        return TestBundles.JSON.readTree(b);
    }

    @Test
    void theDocumentIsValidAgainstEveryOscalAssessmentResultsSchemaAtHand() throws Exception {
        JsonNode doc = json(OscalAssessmentResults.bytes(export(bundle("shop")).document()));
        Path folder = SharedFixtures.resolve("oscal");
        List<Path> schemas;
        try (Stream<Path> s = Files.list(folder)) {
            schemas = s.filter(p -> p.getFileName().toString().matches("oscal_assessment-results_schema.*\\.json"))
                    .sorted()
                    .toList();
        }
        org.junit.jupiter.api.Assumptions.assumeFalse(
                schemas.isEmpty(), "no OSCAL assessment-results schema in " + folder);
        for (Path schemaFile : schemas) {
            Schema schema;
            try (InputStream in = Files.newInputStream(schemaFile)) {
                schema = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_7)
                        .getSchema(in);
            }
            List<Error> errors = schema.validate(doc);
            assertThat(errors).as(schemaFile.getFileName().toString()).isEmpty();
            // the validator is real: a document missing what the schema requires is refused
            JsonNode broken = doc.deepCopy();
            ((com.fasterxml.jackson.databind.node.ObjectNode) broken.path("assessment-results")).remove("import-ap");
            ((com.fasterxml.jackson.databind.node.ObjectNode) broken.path("assessment-results")
                            .path("results")
                            .get(0)
                            .path("findings")
                            .get(0)
                            .path("target")
                            .path("status"))
                    .put("state", "mostly");
            assertThat(schema.validate(broken))
                    .extracting(Error::toString)
                    .anySatisfy(e -> assertThat(e).contains("import-ap"))
                    .anySatisfy(e -> assertThat(e).contains("findings/0/target/status/state"));
        }
    }

    @Test
    void theSameBundleAlwaysGivesTheSameDocument() throws Exception {
        Path zip = bundle("shop");
        byte[] first = OscalAssessmentResults.bytes(export(zip).document());
        Path copy = Files.copy(zip, dir.resolve("copy-of-shop.zip"));
        assertThat(OscalAssessmentResults.bytes(export(zip).document())).isEqualTo(first);
        // named from the bundle's content, not its file name
        assertThat(OscalAssessmentResults.bytes(export(copy).document())).isEqualTo(first);
        JsonNode a = json(first);
        // every UUID is a version 5 UUID, and no two objects share one
        List<String> all = uuids(a);
        assertThat(all).allSatisfy(u -> assertThat(UUID.fromString(u).version()).isEqualTo(5));
        assertThat(new HashSet<>(all)).hasSameSizeAs(all);
        // another release gives other UUIDs
        ReleaseEvidence other = ReleaseEvidence.start(
                new ReleaseEvidence.Release("shop", "v2.4.1", "patch"),
                TestBundles.INOPSIO,
                "jenkins",
                TestBundles.CLOCK);
        SigningKey key = TestBundles.key(dir.resolve("key"), "ec");
        Path otherZip = TestBundles.write(other.seal(key, "jenkins"), dir.resolve("other.zip"), true);
        assertThat(uuids(json(OscalAssessmentResults.bytes(export(otherZip).document()))))
                .doesNotContainAnyElementsOf(all);
    }

    @Test
    void uuid5IsTheRfc4122NameBasedUuid() {
        // the RFC 4122 DNS namespace and a name whose v5 UUID Python's uuid.uuid5 gives as
        // 886313e1-3b8a-5372-9b90-0c9aee199e5d
        UUID dns = UUID.fromString("6ba7b810-9dad-11d1-80b4-00c04fd430c8");
        assertThat(OscalAssessmentResults.uuid5(dns, "python.org")).hasToString("886313e1-3b8a-5372-9b90-0c9aee199e5d");
    }

    @Test
    void oneFindingPerControlWithItsStatusAndWhatIsMissing() throws Exception {
        JsonNode result = export(bundle("shop"))
                .document()
                .path("assessment-results")
                .path("results")
                .get(0);
        assertThat(result.path("title").asText()).isEqualTo("Release shop v2.4.0 (tier minor, policy inopsio)");
        assertThat(result.path("description").asText())
                .startsWith("ROLLED BACK: approved by alice (qa-lead), bob (product-manager)");
        List<String> selected = new ArrayList<>();
        result.path("reviewed-controls")
                .path("control-selections")
                .get(0)
                .path("include-controls")
                .forEach(c -> selected.add(c.path("control-id").asText()));
        assertThat(selected)
                .startsWith("ISO27001-A.12", "SOC2-CC7.2", "ISO27001-A.14", "CNDP-09-08", "ISO27001-2022-A.8.32");
        Map<String, JsonNode> findings = new java.util.LinkedHashMap<>();
        result.path("findings")
                .forEach(f -> findings.put(f.path("target").path("target-id").asText(), f));
        assertThat(findings.keySet()).containsExactlyElementsOf(selected);
        assertThat(findings.get("SOC2-CC7.2")
                        .path("target")
                        .path("status")
                        .path("state")
                        .asText())
                .isEqualTo("satisfied");
        JsonNode a832 = findings.get("ISO27001-2022-A.8.32");
        assertThat(a832.path("target").path("status").path("state").asText()).isEqualTo("not-satisfied");
        assertThat(a832.path("target").path("status").path("remarks").asText()).isEqualTo("missing: security-impact");
        assertThat(a832.path("description").asText()).contains("missing security-impact: no change record gives it");
        assertThat(findings.get("ISO27001-A.12").path("props").findValuesAsText("value"))
                .contains("ISO27001-A.12", "ISO27001-2022-A.8.32", "ISO27001-2022-A.8.15");
        // each finding points at the observations of the evidence it rests on
        Set<String> observations = new HashSet<>();
        result.path("observations").forEach(o -> observations.add(o.path("uuid").asText()));
        findings.values()
                .forEach(f -> f.path("related-observations")
                        .forEach(r -> assertThat(observations)
                                .contains(r.path("observation-uuid").asText())));
    }

    @Test
    void theEvidenceIsTheBundlesFilesWithTheirDigests() throws Exception {
        Path zip = bundle("shop");
        JsonNode ar = export(zip).document().path("assessment-results");
        JsonNode manifest;
        try (var z = new java.util.zip.ZipFile(zip.toFile())) {
            manifest = TestBundles.JSON.readTree(z.getInputStream(z.getEntry("manifest.json")));
        }
        Map<String, String> resources = new java.util.HashMap<>();
        ar.path("back-matter")
                .path("resources")
                .forEach(r -> resources.put(
                        r.path("uuid").asText(),
                        r.path("rlinks").get(0).path("href").asText() + " "
                                + r.path("rlinks")
                                        .get(0)
                                        .path("hashes")
                                        .get(0)
                                        .path("value")
                                        .asText()));
        // every file the manifest lists, with the digest the seal covers
        manifest.path("files")
                .forEach(f -> assertThat(resources)
                        .containsValue(
                                f.path("path").asText() + " " + f.path("sha256").asText()));
        JsonNode tests = null;
        for (JsonNode o : ar.path("results").get(0).path("observations")) {
            if (o.path("title").asText().equals("test-summary")) {
                tests = o;
            }
        }
        assertThat(tests).isNotNull();
        List<String> evidence = new ArrayList<>();
        tests.path("relevant-evidence")
                .forEach(e -> evidence.add(resources.get(e.path("href").asText().substring(1))));
        assertThat(evidence).anySatisfy(e -> assertThat(e).startsWith("evidence/junit/TEST-shop.xml "));
        // the policy in the bundle stands in for the assessment plan
        assertThat(resources.get(ar.path("import-ap").path("href").asText().substring(1)))
                .startsWith("policy/inopsio.json ");
    }

    @Test
    void aBundleThatDoesNotVerifyGivesNoDocument() throws Exception {
        Path zip = bundle("shop");
        Path tampered = TestBundles.rewrite(
                zip,
                dir.resolve("tampered.zip"),
                Map.of(
                        "evidence/junit/TEST-shop.xml",
                        b -> (new String(b, StandardCharsets.UTF_8) + "<!-- -->").getBytes(StandardCharsets.UTF_8)));
        OscalAssessmentResults.Export e = export(tampered);
        assertThat(e.verification().result()).isEqualTo(VerificationReport.Result.INVALID);
        assertThat(e.document()).isNull();
    }

    @Test
    void withoutATrustedKeyTheDocumentSaysSo() throws Exception {
        Path zip = bundle("shop");
        OscalAssessmentResults.Export e =
                OscalAssessmentResults.export(zip, new BundleVerifier.Options(null, null, null));
        assertThat(e.verification().result()).isEqualTo(VerificationReport.Result.SIGNER_NOT_ESTABLISHED);
        JsonNode result =
                e.document().path("assessment-results").path("results").get(0);
        assertThat(result.path("remarks").asText()).contains("no trusted key was given");
        assertThat(result.path("props").toString())
                .contains("\"name\":\"seal-key-trusted\",\"ns\":\"" + OscalAssessmentResults.NS
                        + "\",\"value\":\"false\"");
    }

    @Test
    void controlIdsBecomeOscalTokens() {
        assertThat(OscalAssessmentResults.token("ISO27001-A.12")).isEqualTo("ISO27001-A.12");
        assertThat(OscalAssessmentResults.token("ISO 27001:2022 A.8.32")).isEqualTo("ISO-27001-2022-A.8.32");
        assertThat(OscalAssessmentResults.token("9.1")).isEqualTo("_9.1");
        assertThat(OscalAssessmentResults.href("evidence/my report.xml")).isEqualTo("evidence/my%20report.xml");
    }

    private static List<String> uuids(JsonNode doc) {
        List<String> out = new ArrayList<>();
        collect(doc, out);
        return out;
    }

    private static void collect(JsonNode n, List<String> out) {
        if (n.isObject()) {
            n.fields().forEachRemaining(e -> {
                if (e.getKey().equals("uuid")) {
                    out.add(e.getValue().asText());
                } else {
                    collect(e.getValue(), out);
                }
            });
        } else if (n.isArray()) {
            n.forEach(c -> collect(c, out));
        }
    }
}
