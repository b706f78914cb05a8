package io.jenkins.plugins.relgov.evidence;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jenkins.plugins.relgov.json.CanonicalJson;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * A verified evidence bundle as an OSCAL {@value #OSCAL_VERSION} assessment-results document, for GRC tools that
 * import OSCAL: one result for the release, one finding per control of its policy (satisfied when every kind of
 * evidence it names is proven, otherwise not satisfied, with what is missing), one observation per kind of evidence
 * those controls name, and every file of the bundle in the back matter with its SHA-256. UUIDs are version 5, named
 * from the manifest's digest, and every time comes from the bundle, so one bundle always gives the same document
 * (whatever its file is called; whether its seal was checked with a trusted key is said in the result).
 *
 * <pre>{@code
 * OscalAssessmentResults.Export e = OscalAssessmentResults.export(zip, new BundleVerifier.Options(trustedKey, null, null));
 * if (e.document() != null) Files.write(out, OscalAssessmentResults.bytes(e.document()));
 * }</pre>
 */
public final class OscalAssessmentResults {
    /** The OSCAL release the document declares; it uses only what 1.0.6 to 1.1.3 define alike. */
    public static final String OSCAL_VERSION = "1.1.3";
    /** The namespace of this tool's properties. */
    public static final String NS = "https://jenkins.io/release-governance/oscal";
    /** Every UUID of a document is a version 5 UUID in this namespace (itself the v5 UUID of {@link #NS} as a URL). */
    static final UUID NAMESPACE = uuid5(UUID.fromString("6ba7b811-9dad-11d1-80b4-00c04fd430c8"), NS);

    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final Pattern TOKEN_CHAR = Pattern.compile("[^\\p{L}\\p{N}._-]");

    /**
     * A bundle's verification and, when its integrity holds, its OSCAL document (null otherwise: an assessment
     * must not rest on evidence that may have been changed).
     */
    public record Export(VerificationReport verification, ObjectNode document) {}

    private OscalAssessmentResults() {}

    /**
     * Verifies {@code bundle} and describes it. The document says whether the seal was verified with the
     * auditor's key ({@code options.trustedKey()}) or only with the key inside the bundle.
     *
     * @throws BundleFormatException when the file is not a usable bundle
     */
    public static Export export(Path bundle, BundleVerifier.Options options) throws IOException {
        VerificationReport r = BundleVerifier.verify(bundle, options);
        if (!r.intact() || r.story() == null || r.manifest == null) {
            return new Export(r, null);
        }
        return new Export(r, new Writer(r).document());
    }

    /** The document as UTF-8 JSON, indented, with a final newline. */
    public static byte[] bytes(ObjectNode document) {
        try {
            return (MAPPER.writeValueAsString(document) + "\n").getBytes(StandardCharsets.UTF_8);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write the OSCAL document", e);
        }
    }

    /** The conventional file name: {@code <name>-<version>-oscal-ar.json}. */
    public static String fileName(String releaseName, String version) {
        return releaseName + "-" + version + "-oscal-ar.json";
    }

    /** Builds one document; every UUID is named from the manifest's digest and a path within the document. */
    private static final class Writer {
        final VerificationReport report;
        final ReleaseStory story;
        final JsonNode manifest;
        final LedgerView ledger;
        final ChangeTrace trace;
        final String seed;
        final String sealedAt;
        final Map<String, String> resourceUuids = new LinkedHashMap<>();

        Writer(VerificationReport report) throws IOException {
            this.report = report;
            this.story = report.story();
            this.manifest = report.manifest;
            byte[] ledgerBytes = report.files.get(SealedBundle.LEDGER).bytes();
            this.ledger = new LedgerView(Ledger.read(new ByteArrayInputStream(ledgerBytes), SealedBundle.LEDGER));
            this.trace = ChangeTrace.of(ledger);
            this.seed = CanonicalJson.sha256Hex(manifest);
            this.sealedAt = LedgerView.text(manifest.path("sealedAt"));
            report.files.keySet().forEach(name -> resourceUuids.put(name, uuid("resource/" + name)));
        }

        ObjectNode document() {
            ObjectNode root = MAPPER.createObjectNode();
            ObjectNode ar = root.putObject("assessment-results");
            ar.put("uuid", uuid("assessment-results"));
            ObjectNode meta = ar.putObject("metadata");
            meta.put("title", "Release governance assessment of " + story.release());
            meta.put("last-modified", sealedAt);
            meta.put("version", LedgerView.text(manifest.path("ledger").path("head")));
            meta.put("oscal-version", OSCAL_VERSION);
            ArrayNode metaProps = meta.putArray("props");
            prop(metaProps, "bundle-format", LedgerView.text(manifest.path("format")));
            String policyPath = LedgerView.text(manifest.path("policy").path("path"));
            ObjectNode importAp = ar.putObject("import-ap");
            importAp.put("href", "#" + resourceUuids.getOrDefault(policyPath, uuid("resource/" + policyPath)));
            importAp.put(
                    "remarks",
                    "No OSCAL assessment plan exists for a release: the release governance policy in the bundle ("
                            + policyPath + ") stated what had to be evidenced, and stands in for the plan.");
            ObjectNode result = ar.putArray("results").addObject();
            result(result);
            backMatter(ar.putObject("back-matter"));
            return root;
        }

        void result(ObjectNode result) {
            result.put("uuid", uuid("result"));
            result.put(
                    "title",
                    "Release " + story.release() + " (tier " + story.tier() + ", policy " + story.policy() + ")");
            result.put("description", story.headline());
            List<LedgerEvent> events = ledger.events();
            result.put("start", events.isEmpty() ? sealedAt : events.get(0).time());
            result.put("end", sealedAt);
            ArrayNode props = result.putArray("props");
            prop(props, "release", story.release());
            prop(props, "tier", story.tier());
            prop(
                    props,
                    "policy",
                    story.policy() + " "
                            + LedgerView.text(manifest.path("policy").path("digest")));
            prop(props, "outcome", story.outcome().name());
            prop(props, "ledger-head", LedgerView.text(manifest.path("ledger").path("head")));
            prop(props, "seal-key-fingerprint", report.keyFingerprint());
            prop(props, "seal-key-trusted", String.valueOf(report.keyTrusted()));
            result.put(
                    "remarks",
                    report.keyTrusted()
                            ? "The bundle's integrity was verified and its seal checked with the auditor's trusted key."
                            : "The bundle's integrity was verified with the key it carries; no trusted key was given, so nothing"
                                    + " here shows who sealed it.");

            List<ReleaseStory.ControlCoverage> controls = story.controls();
            ArrayNode include = result.putObject("reviewed-controls")
                    .putArray("control-selections")
                    .addObject()
                    .putArray("include-controls");
            Set<String> kinds = new LinkedHashSet<>();
            for (ReleaseStory.ControlCoverage c : controls) {
                include.addObject().put("control-id", token(c.id()));
                kinds.addAll(c.present());
            }
            if (controls.isEmpty()) { // the schema needs a selection; a policy without controls selects them all
                result.remove("reviewed-controls");
                result.putObject("reviewed-controls")
                        .putArray("control-selections")
                        .addObject()
                        .putObject("include-all");
            }
            Map<String, String> observationOf = new LinkedHashMap<>();
            ArrayNode observations = MAPPER.createArrayNode();
            for (String kind : kinds) {
                observationOf.put(kind, observation(observations.addObject(), kind));
            }
            if (!observations.isEmpty()) {
                result.set("observations", observations);
            }
            ArrayNode findings = MAPPER.createArrayNode();
            controls.forEach(c -> finding(findings.addObject(), c, observationOf));
            if (!findings.isEmpty()) {
                result.set("findings", findings);
            }
        }

        /** What proves one kind of evidence: the ledger events, and the files they recorded. */
        String observation(ObjectNode o, String kind) {
            String id = uuid("observation/" + kind);
            List<LedgerEvent> events = new ArrayList<>();
            List<String> entries = new ArrayList<>();
            for (LedgerView.EvidenceItem i : ledger.evidence()) {
                if (i.kind().equals(kind)) {
                    events.add(i.event());
                    if (i.file() != null) {
                        entries.add(i.file().entry());
                    }
                }
            }
            for (EventType t : EventType.values()) {
                if (t.evidenceKind().filter(kind::equals).isPresent()) {
                    events.addAll(ledger.ofType(t));
                }
            }
            if (kind.equals(RolloutEvidence.ANALYSIS_KIND)) {
                events.addAll(ChangeTrace.analysedRollbacks(ledger));
            }
            if (kind.equals(EventType.ARTIFACT_SIGNED.evidenceKind().orElseThrow())) {
                for (LedgerView.ArtifactSignature s : ledger.signatures()) {
                    entries.add(s.signatureEntry());
                    entries.add(s.artifactEntry());
                }
            }
            String description = DerivedEvidence.of(kind)
                    .map(d -> kind + ": " + trace.proof(d).text())
                    .orElseGet(() -> kind.equals("release-log")
                            ? kind + ": the hash-chained ledger of " + ledger.size() + " events, sealed with head "
                                    + ledger.head()
                            : kind + ": " + events.size() + " ledger event(s)"
                                    + ChangeTrace.where(events.stream()
                                            .map(LedgerEvent::seq)
                                            .toList()));
            o.put("uuid", id);
            o.put("title", kind);
            o.put("description", description);
            o.putArray("methods").add("EXAMINE");
            ArrayNode evidence = o.putArray("relevant-evidence");
            relevant(
                    evidence,
                    SealedBundle.LEDGER,
                    "the ledger"
                            + ChangeTrace.where(
                                    events.stream().map(LedgerEvent::seq).toList()));
            for (String entry : entries) {
                if (resourceUuids.containsKey(entry)) {
                    relevant(
                            evidence,
                            entry,
                            entry + ", sha256 " + report.files.get(entry).sha256());
                }
            }
            o.put(
                    "collected",
                    events.isEmpty() ? sealedAt : events.get(events.size() - 1).time());
            return id;
        }

        void relevant(ArrayNode evidence, String entry, String description) {
            evidence.addObject().put("href", "#" + resourceUuids.get(entry)).put("description", description);
        }

        void finding(ObjectNode f, ReleaseStory.ControlCoverage c, Map<String, String> observationOf) {
            boolean satisfied = c.status().equals("EVIDENCED");
            f.put("uuid", uuid("finding/" + c.id()));
            f.put("title", c.id() + " (" + c.framework() + (c.title().isEmpty() ? "" : ", " + c.title()) + ")");
            List<String> parts = new ArrayList<>();
            parts.add(c.status().replace('_', ' ').toLowerCase(java.util.Locale.ROOT));
            if (!c.present().isEmpty()) {
                parts.add("evidenced by " + c.presentText());
            }
            c.missing().forEach(m -> parts.add("missing " + m.kind() + (m.why().isEmpty() ? "" : ": " + m.why())));
            f.put("description", String.join("; ", parts));
            ArrayNode props = f.putArray("props");
            prop(props, "control-id", c.id());
            prop(props, "framework", c.framework());
            c.crosswalk().forEach(x -> prop(props, "crosswalk", x));
            ObjectNode target = f.putObject("target");
            target.put("type", "objective-id");
            target.put("target-id", token(c.id()));
            ObjectNode status = target.putObject("status");
            status.put("state", satisfied ? "satisfied" : "not-satisfied");
            status.put("reason", satisfied ? "pass" : "fail");
            if (!satisfied) {
                status.put(
                        "remarks",
                        "missing: "
                                + String.join(
                                        ", ",
                                        c.missing().stream()
                                                .map(ReleaseStory.MissingKind::kind)
                                                .toList()));
            }
            if (!c.present().isEmpty()) {
                ArrayNode related = f.putArray("related-observations");
                c.present().forEach(k -> related.addObject().put("observation-uuid", observationOf.get(k)));
            }
        }

        /** Every file of the bundle, with its SHA-256: what the observations point at. */
        void backMatter(ObjectNode backMatter) {
            ArrayNode resources = backMatter.putArray("resources");
            for (var f : report.files.entrySet()) {
                ObjectNode r = resources.addObject();
                r.put("uuid", resourceUuids.get(f.getKey()));
                r.put("title", f.getKey());
                ArrayNode props = r.putArray("props");
                prop(props, "size", String.valueOf(f.getValue().size()));
                ObjectNode link = r.putArray("rlinks").addObject();
                link.put("href", href(f.getKey()));
                link.putArray("hashes")
                        .addObject()
                        .put("algorithm", "SHA-256")
                        .put("value", f.getValue().sha256());
            }
        }

        String uuid(String name) {
            return uuid5(NAMESPACE, seed + "/" + name).toString();
        }
    }

    /** A property in this tool's namespace; OSCAL wants a non-empty value without surrounding space. */
    private static void prop(ArrayNode props, String name, String value) {
        String v = value == null ? "" : value.strip();
        if (!v.isEmpty()) {
            props.addObject().put("name", name).put("ns", NS).put("value", v);
        }
    }

    /** An OSCAL token (an XML NCName): a control id such as {@code ISO27001-A.12} already is one; others are made one. */
    static String token(String id) {
        String t = TOKEN_CHAR.matcher(id).replaceAll("-");
        return t.isEmpty() || !(Character.isLetter(t.codePointAt(0)) || t.charAt(0) == '_') ? "_" + t : t;
    }

    /** A bundle entry as a relative URI reference: its name, with a space (the one character names may have that a URI may not) escaped. */
    static String href(String entry) {
        return entry.replace(" ", "%20");
    }

    /** A name-based UUID, version 5 (SHA-1), as RFC 4122 section 4.3 defines it. */
    static UUID uuid5(UUID namespace, String name) {
        MessageDigest sha1;
        try {
            sha1 = MessageDigest.getInstance("SHA-1");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-1", e);
        }
        sha1.update(ByteBuffer.allocate(16)
                .putLong(namespace.getMostSignificantBits())
                .putLong(namespace.getLeastSignificantBits())
                .array());
        byte[] h = sha1.digest(name.getBytes(StandardCharsets.UTF_8));
        h[6] = (byte) ((h[6] & 0x0f) | 0x50);
        h[8] = (byte) ((h[8] & 0x3f) | 0x80);
        ByteBuffer b = ByteBuffer.wrap(h, 0, 16);
        return new UUID(b.getLong(), b.getLong());
    }
}
