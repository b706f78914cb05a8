package io.jenkins.plugins.relgov.evidence;

import com.fasterxml.jackson.databind.JsonNode;
import io.jenkins.plugins.relgov.json.CanonicalJson;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * A typed, read-only view of a ledger's events: what the verifier's checks, the policy check and the
 * release story read, in one place rather than as {@code payload.path(...)} scattered over each.
 * A bundle's ledger is untrusted input, so the view never fails on a missing or odd field: text reads
 * as {@link #text} does, a size as -1.
 */
public final class LedgerView {
    private final List<LedgerEvent> events;

    public LedgerView(List<LedgerEvent> events) {
        this.events = List.copyOf(events);
    }

    /** A gate's evaluation; {@code waiver} is the recorded waiver, or null. */
    public record GateEvaluation(LedgerEvent event, String gate, boolean passed, JsonNode waiver) {}

    /** An approver's decision for a role. */
    public record ApprovalDecision(LedgerEvent event, String role, String approver, boolean approved, String reason) {}

    /** A file or structured record kept as evidence; {@code file} is null for a record. */
    public record EvidenceItem(LedgerEvent event, String kind, RecordedFile file, JsonNode record) {}

    /** A file as the ledger recorded it; {@code entry} is its name in the bundle ({@code evidence/...}). */
    public record RecordedFile(String entry, String sha256, long size) {}

    /** An artifact's signature as recorded: the artifact's digest, the signature's bundle entry and text. */
    public record ArtifactSignature(
            LedgerEvent event,
            String artifact,
            String artifactEntry,
            String sha256,
            String signatureEntry,
            String signature) {}

    /**
     * A container image signature as recorded ({@link ImageEvidence}): the image, the signed payload's text and the
     * bundle entries that carry it and its base64 signature.
     */
    public record ImageSigned(
            LedgerEvent event,
            String image,
            String repository,
            String digest,
            String payload,
            String payloadDigest,
            String payloadEntry,
            String signatureEntry,
            String signature,
            String keyFingerprint) {}

    /** An attestation as recorded; {@code envelope} is null when the ledger does not keep it. */
    public record Attestation(LedgerEvent event, String path, String payloadSha256, String envelope) {}

    public List<LedgerEvent> events() {
        return events;
    }

    public int size() {
        return events.size();
    }

    /** The hash of the last event, or 64 zeros for an empty ledger. */
    public String head() {
        return events.isEmpty()
                ? LedgerEvent.GENESIS
                : events.get(events.size() - 1).hash();
    }

    /** The release-started event's facts ({@link ReleaseStarted}), or null when the ledger does not start with one. */
    public ReleaseStarted started() {
        if (events.isEmpty() || !events.get(0).type().equals(EventType.RELEASE_STARTED.wire())) {
            return null;
        }
        return ReleaseStarted.read(events.get(0).payload());
    }

    public List<LedgerEvent> ofType(EventType type) {
        return events.stream().filter(e -> e.type().equals(type.wire())).toList();
    }

    public List<GateEvaluation> gates() {
        return map(
                EventType.GATE_EVALUATED,
                (e, p) -> new GateEvaluation(
                        e,
                        text(p.path("gate")),
                        p.path("passed").asBoolean(),
                        p.path("detail").has("waiver") ? p.path("detail").get("waiver") : null));
    }

    public List<ApprovalDecision> approvals() {
        return map(
                EventType.APPROVAL_DECIDED,
                (e, p) -> new ApprovalDecision(
                        e,
                        text(p.path("role")),
                        text(p.path("approver")),
                        !text(p.path("decision")).equals("reject"),
                        text(p.path("reason"))));
    }

    public List<EvidenceItem> evidence() {
        return map(EventType.EVIDENCE_RECORDED, (e, p) -> {
            JsonNode f = p.path("file");
            RecordedFile file = f.isMissingNode()
                    ? null
                    : new RecordedFile(
                            "evidence/" + text(f.path("path")),
                            text(f.path("sha256")),
                            f.path("size").asLong(-1));
            return new EvidenceItem(e, text(p.path("kind")), file, p.path("record"));
        });
    }

    public List<ArtifactSignature> signatures() {
        return map(
                EventType.ARTIFACT_SIGNED,
                (e, p) -> new ArtifactSignature(
                        e,
                        text(p.path("artifact")),
                        SignatureEvidence.artifactEntry(text(p.path("artifact"))),
                        text(p.path("sha256")),
                        text(p.path("signature")),
                        text(p.path("sig"))));
    }

    public List<ImageSigned> imageSignatures() {
        return map(
                EventType.IMAGE_SIGNED,
                (e, p) -> new ImageSigned(
                        e,
                        text(p.path("image")),
                        text(p.path("repository")),
                        text(p.path("digest")),
                        text(p.path("payload")),
                        text(p.path("payloadDigest")),
                        text(p.path("payloadEntry")),
                        text(p.path("signature")),
                        text(p.path("sig")),
                        text(p.path("keyFingerprint"))));
    }

    public List<Attestation> attestations() {
        return map(
                EventType.ATTESTATION_CREATED,
                (e, p) -> new Attestation(
                        e,
                        text(p.path("path")),
                        text(p.path("payloadSha256")),
                        p.has("envelope") ? text(p.path("envelope")) : null));
    }

    /**
     * The evidence kinds recorded: explicit evidence items plus what events are by themselves
     * ({@code approval}, {@code signature} ...), and {@code release-log} for any non-empty ledger.
     */
    public Set<String> recordedKinds() {
        return Ledger.recordedKinds(events);
    }

    /**
     * A field as one line of text: missing or null is empty, a string or number is itself, an object
     * or array is its canonical JSON (so it reads the same however the ledger spelt it).
     */
    public static String text(JsonNode n) {
        if (n == null || n.isMissingNode() || n.isNull()) {
            return "";
        }
        return n.isValueNode() ? n.asText() : CanonicalJson.toCanonicalString(n);
    }

    private interface Reading<T> {
        T of(LedgerEvent e, JsonNode payload);
    }

    private <T> List<T> map(EventType type, Reading<T> reading) {
        List<T> out = new ArrayList<>();
        for (LedgerEvent e : events) {
            if (e.type().equals(type.wire())) {
                out.add(reading.of(e, e.payload()));
            }
        }
        return out;
    }

    /** The first non-empty text among {@code fields} of {@code p}: payloads written by different steps name things differently. */
    static String firstText(JsonNode p, String... fields) {
        for (String f : fields) {
            String t = text(p.path(f));
            if (!t.isEmpty()) {
                return t;
            }
        }
        return "";
    }
}
