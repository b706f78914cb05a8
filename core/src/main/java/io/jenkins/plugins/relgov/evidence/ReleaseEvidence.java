package io.jenkins.plugins.relgov.evidence;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jenkins.plugins.relgov.FileNames;
import io.jenkins.plugins.relgov.gate.GateResult;
import io.jenkins.plugins.relgov.json.CanonicalJson;
import io.jenkins.plugins.relgov.oci.ImageSignature;
import io.jenkins.plugins.relgov.policy.Control;
import io.jenkins.plugins.relgov.policy.LoadedPolicy;
import io.jenkins.plugins.relgov.policy.Policy;
import io.jenkins.plugins.relgov.report.TestResults;
import io.jenkins.plugins.relgov.signing.BlobSignature;
import io.jenkins.plugins.relgov.signing.Dsse;
import io.jenkins.plugins.relgov.signing.InTotoStatement;
import io.jenkins.plugins.relgov.signing.SigningKey;
import io.jenkins.plugins.relgov.signing.SigstoreBundle;
import io.jenkins.plugins.relgov.signing.SlsaProvenance;
import io.jenkins.plugins.relgov.signing.TestResultPredicate;
import io.jenkins.plugins.relgov.signing.Timestamper;
import io.jenkins.plugins.relgov.signing.VulnsPredicate;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The evidence of one release: the ledger plus the files, signatures and attestations it refers to,
 * until {@link #seal} signs the ledger head and freezes everything into a {@link SealedBundle}.
 *
 * <pre>{@code
 * var ev = ReleaseEvidence.start(new Release("shop", "v2.4.0", "minor"), ShippedPolicies.loaded("inopsio"), "jenkins", clock);
 * ev.recordGate("line-coverage", true, detail, "jenkins");
 * ev.recordApproval("qa-lead", "alice", true, "regression suite green");
 * ev.recordFile(Path.of("target/surefire-reports/TEST-x.xml"), "junit/TEST-x.xml", "test-summary", "jenkins");
 * ev.signArtifact(Path.of("target/app.jar"), key, true, "jenkins");
 * ev.attestGovernance(key, "jenkins");
 * ev.seal(key, "jenkins").writeZip(Path.of("evidence.zip"));
 * }</pre>
 */
public final class ReleaseEvidence {
    /**
     * What is being released: its name, version and tier, and, when known (else null), the version it follows, the
     * environment it goes to and the branch it is built from, which {@code release-started} records beside them.
     */
    public record Release(
            String name, String version, String tier, String previousVersion, String environment, String branch) {
        /** A release known by name, version and tier alone. */
        public Release(String name, String version, String tier) {
            this(name, version, tier, null, null, null);
        }
    }

    public static final String GOVERNANCE_PREDICATE = "https://jenkins.io/release-governance/governance/v1";

    private final Release release;
    private final Policy policy;
    private final String policyEntry;
    private final byte[] policyBytes;
    private final Ledger ledger;
    private final Clock clock;
    private final Map<String, Path> evidenceFiles = new TreeMap<>();
    private final Map<String, Path> artifacts = new TreeMap<>();
    private final Map<String, byte[]> generated = new TreeMap<>();

    private ReleaseEvidence(
            Release release, Policy policy, String policyFileName, byte[] policyBytes, Ledger ledger, Clock clock) {
        this.release = release;
        this.policy = policy;
        this.policyEntry = EntryNames.check("policy/" + policyFileName);
        this.policyBytes = policyBytes.clone();
        this.ledger = ledger;
        this.clock = clock;
    }

    /**
     * Starts a release's evidence in a fresh in-memory ledger. The bundle keeps the policy as its
     * RFC 8785 canonical JSON ({@code policy/<name>.json}), whose SHA-256 is the policy digest.
     */
    public static ReleaseEvidence start(Release release, LoadedPolicy policy, String actor, Clock clock) {
        return start(
                release,
                policy,
                policy.policy().name() + ".json",
                CanonicalJson.toBytes(policy.document()),
                actor,
                Ledger.inMemory(clock),
                clock);
    }

    /**
     * Starts a release's evidence in the given (empty) ledger, e.g. one streaming to a build artifact,
     * keeping the policy file as written ({@code policyBytes}, named {@code policyFileName}).
     */
    public static ReleaseEvidence start(
            Release release,
            LoadedPolicy policy,
            String policyFileName,
            byte[] policyBytes,
            String actor,
            Ledger ledger,
            Clock clock) {
        if (ledger.size() != 0) {
            throw new IllegalArgumentException("the ledger of a new release must be empty");
        }
        var ev = new ReleaseEvidence(release, policy.policy(), policyFileName, policyBytes, ledger, clock);
        ReleaseStarted started = ReleaseStarted.of(
                release,
                policy.policy().name(),
                ev.policyEntry,
                Sha256.of(policyBytes),
                policy.digest().toString(),
                null);
        ledger.append(EventType.RELEASE_STARTED, actor, started.payload());
        return ev;
    }

    /**
     * Rebuilds a release's evidence from its ledger, e.g. after a Jenkins restart: the ledger holds
     * everything but the recorded files, which {@code files} finds by bundle entry name
     * ({@code evidence/...}, {@code artifacts/...}). {@code policyBytes} must be the policy file the
     * release started with.
     */
    public static ReleaseEvidence resume(
            Ledger ledger,
            LoadedPolicy policy,
            byte[] policyBytes,
            java.util.function.Function<String, Path> files,
            Clock clock) {
        List<LedgerEvent> events = ledger.events();
        if (events.isEmpty() || !events.get(0).type().equals(EventType.RELEASE_STARTED.wire())) {
            throw new EvidenceException("cannot resume: the ledger does not start with release-started");
        }
        ReleaseStarted started = ReleaseStarted.read(events.get(0).payload());
        if (!Sha256.of(policyBytes).equals(started.policySha256())) {
            throw new EvidenceException("cannot resume: the policy file differs from the one recorded at ledger seq 0");
        }
        var ev = new ReleaseEvidence(
                new Release(started.name(), started.version(), started.tier()),
                policy.policy(),
                started.policyPath().substring("policy/".length()),
                policyBytes,
                ledger,
                clock);
        for (LedgerEvent e : events) {
            JsonNode p = e.payload();
            switch (EventType.of(e.type()).orElseThrow()) {
                case EVIDENCE_RECORDED -> {
                    if (p.has("file")) {
                        String entry = "evidence/" + p.path("file").path("path").asText();
                        ev.evidenceFiles.put(entry, files.apply(entry));
                    }
                }
                case ARTIFACT_SIGNED -> {
                    ev.generated.put(
                            p.path("signature").asText(), p.path("sig").asText().getBytes(StandardCharsets.US_ASCII));
                    if (p.path("inBundle").asBoolean()) {
                        String entry = SignatureEvidence.artifactEntry(
                                p.path("artifact").asText());
                        ev.artifacts.put(entry, files.apply(entry));
                    }
                }
                case ATTESTATION_CREATED ->
                    ev.generated.put(
                            p.path("path").asText(), p.path("envelope").asText().getBytes(StandardCharsets.UTF_8));
                case IMAGE_SIGNED -> {
                    ev.generated.put(
                            p.path("payloadEntry").asText(),
                            p.path("payload").asText().getBytes(StandardCharsets.UTF_8));
                    ev.generated.put(
                            p.path("signature").asText(), p.path("sig").asText().getBytes(StandardCharsets.US_ASCII));
                }
                default -> {}
            }
        }
        return ev;
    }

    public Ledger ledger() {
        return ledger;
    }

    public Release release() {
        return release;
    }

    private static ObjectNode json() {
        return LedgerEvent.JSON.createObjectNode();
    }

    private List<String> controlIds(String kind) {
        return policy.controlsFor(kind).stream().map(Control::id).toList();
    }

    /** A gate's outcome; {@code detail} holds what the gate engine measured (and any waiver). */
    public LedgerEvent recordGate(String gate, boolean passed, JsonNode detail, String actor) {
        return ledger.append(
                EventType.GATE_EVALUATED,
                actor,
                GateEvidence.evaluated(gate, passed, controlIds("gate-result"), detail));
    }

    /**
     * A gate engine's evaluation, one event per check that applies ({@link GateEvidence}), as the Jenkins step records
     * it; {@code attempts} is how many evaluations it took, this one included.
     */
    public List<LedgerEvent> recordGate(GateResult result, int attempts, String actor) {
        List<LedgerEvent> out = new ArrayList<>();
        for (ObjectNode p : GateEvidence.checks(result, controlIds("gate-result"), attempts)) {
            out.add(ledger.append(EventType.GATE_EVALUATED, actor, p));
        }
        return out;
    }

    /** A decision by an approver for a role: approve, or reject with a reason. */
    public LedgerEvent recordApproval(String role, String approver, boolean approved, String reason) {
        ObjectNode p =
                json().put("role", role).put("approver", approver).put("decision", approved ? "approve" : "reject");
        if (reason != null) {
            p.put("reason", reason);
        }
        p.set("controls", LedgerEvent.JSON.valueToTree(controlIds("approval")));
        return ledger.append(EventType.APPROVAL_DECIDED, approver, p);
    }

    /** An approval attempt refused by segregation of duties; kept so auditors see it was enforced. */
    public LedgerEvent recordRefusedApproval(String role, String user, String reason) {
        return ledger.append(
                EventType.APPROVAL_REFUSED,
                user,
                json().put("role", role).put("user", user).put("reason", reason));
    }

    /** Any other event (deployment, rollback, review) with its facts. */
    public LedgerEvent record(EventType type, String actor, ObjectNode payload) {
        if (type == EventType.RELEASE_STARTED
                || type == EventType.EVIDENCE_RECORDED
                || type == EventType.ARTIFACT_SIGNED
                || type == EventType.ATTESTATION_CREATED
                || type == EventType.IMAGE_SIGNED) {
            throw new IllegalArgumentException(type.wire() + " events are written by their own methods");
        }
        ObjectNode p = payload.deepCopy();
        type.evidenceKind().ifPresent(k -> p.set("controls", LedgerEvent.JSON.valueToTree(controlIds(k))));
        return ledger.append(type, actor, p);
    }

    /** Records a file as evidence; it is copied into the bundle as {@code evidence/<name>} when sealed. */
    public EvidenceFile recordFile(Path source, String name, String kind, String actor) throws IOException {
        String entry = EntryNames.check("evidence/" + name);
        Sha256.Digest d = Sha256.of(source);
        synchronized (evidenceFiles) {
            if (evidenceFiles.containsKey(entry)) {
                throw new IllegalArgumentException("evidence file '" + name + "' is already recorded");
            }
            evidenceFiles.put(entry, source);
        }
        var file = new EvidenceFile(name, d.hex(), d.size(), kind, controlIds(kind));
        ledger.append(EventType.EVIDENCE_RECORDED, actor, file.toPayload());
        return file;
    }

    /** Records what the pipeline author says about the change (id, reason, security impact, back-out plan ...). */
    public EvidenceRecord recordChange(ChangeRecord change, String actor) {
        return recordRecord(ChangeRecord.KIND, change.toJson(), actor);
    }

    /** Records structured evidence (kept in the ledger itself). */
    public EvidenceRecord recordRecord(String kind, JsonNode data, String actor) {
        var rec = new EvidenceRecord(kind, data, controlIds(kind));
        ledger.append(EventType.EVIDENCE_RECORDED, actor, rec.toPayload());
        return rec;
    }

    /**
     * Signs an artifact (cosign blob format) and records it. With {@code includeArtifact} the artifact
     * itself goes into the bundle; without it, an ECDSA signature is still verifiable offline from the
     * recorded digest, while Ed25519 (which signs the whole message) needs the artifact.
     *
     * @return the signature file's text (base64), as {@code cosign sign-blob} writes it
     */
    public String signArtifact(Path artifact, SigningKey key, boolean includeArtifact, String actor)
            throws IOException {
        String name = FileNames.of(artifact);
        EntryNames.check(SignatureEvidence.artifactEntry(name));
        if (!includeArtifact && key.algorithm() == io.jenkins.plugins.relgov.signing.KeyAlgorithm.ED25519) {
            throw new IllegalArgumentException(
                    "an Ed25519 signature is verifiable only with the artifact: include it in the bundle");
        }
        SigningKey.FileSignature signed = key.sign(artifact); // one read: the digest recorded is the one signed
        Sha256.Digest d = new Sha256.Digest(HexFormat.of().formatHex(signed.sha256()), signed.size());
        String sigText = BlobSignature.encode(signed.signature());
        String sigEntry = SignatureEvidence.signatureEntry(name);
        synchronized (generated) {
            if (generated.containsKey(sigEntry)) {
                throw new IllegalArgumentException("artifact '" + name + "' is already signed");
            }
            generated.put(sigEntry, sigText.getBytes(StandardCharsets.US_ASCII));
            if (includeArtifact) {
                artifacts.put(SignatureEvidence.artifactEntry(name), artifact);
            }
        }
        ledger.append(
                EventType.ARTIFACT_SIGNED,
                actor,
                SignatureEvidence.signed(name, d, sigText, key.publicKey(), includeArtifact, controlIds("signature")));
        return sigText;
    }

    /**
     * Records a container image signature that {@link io.jenkins.plugins.relgov.oci.ImageSigner#sign} stored in the
     * registry: the ledger keeps its payload and signature ({@link ImageEvidence}), the bundle carries them as
     * {@code image-signatures/...}, and the image becomes a subject of the governance attestation.
     */
    public LedgerEvent recordImageSignature(ImageSignature signature, String actor) {
        String payloadEntry = EntryNames.check(ImageEvidence.payloadEntry(signature));
        String sigEntry = EntryNames.check(ImageEvidence.signatureEntry(signature));
        synchronized (generated) {
            if (generated.containsKey(sigEntry)) {
                throw new IllegalArgumentException("image " + signature.image()
                        + " is already recorded as signed with key " + signature.keyFingerprint());
            }
            generated.put(payloadEntry, signature.payload());
            generated.put(sigEntry, signature.signature().getBytes(StandardCharsets.US_ASCII));
        }
        return ledger.append(EventType.IMAGE_SIGNED, actor, ImageEvidence.signed(signature, controlIds("signature")));
    }

    /**
     * An in-toto Statement v1 over the signed artifacts whose predicate is the release's governance
     * record (policy digest, tier, gate results, approvals, waivers, evidence), signed in a DSSE envelope.
     */
    public Dsse.Envelope attestGovernance(SigningKey key, String actor) {
        return attest(
                new InTotoStatement(subjects(), GOVERNANCE_PREDICATE, governanceRecord()), "governance", key, actor);
    }

    /** An in-toto Statement v1 with a SLSA provenance v1 predicate over the signed artifacts. */
    public Dsse.Envelope attestProvenance(SlsaProvenance provenance, SigningKey key, String actor) {
        return attest(provenance.statement(subjects()), "provenance", key, actor);
    }

    /**
     * An in-toto test-result v0.1 statement over the signed artifacts: the test reports' outcome as the gate read
     * it. {@code reports} are the report files recorded as evidence ({@code junit/TEST-x.xml}, as given to
     * {@link #recordFile}), named with the digests the ledger holds; {@code url} links the test run (or null).
     */
    public Dsse.Envelope attestTestResults(
            TestResults results, List<String> reports, String url, SigningKey key, String actor) {
        return attest(
                new TestResultPredicate(results, recordedFiles(reports), url).statement(subjects()),
                "test-result",
                key,
                actor);
    }

    /** An in-toto vulns v0.1 statement over the signed artifacts: every finding of a scan the gate read. */
    public Dsse.Envelope attestVulnerabilities(VulnsPredicate scan, SigningKey key, String actor) {
        return attest(scan.statement(subjects()), "vulns", key, actor);
    }

    /**
     * The release decision for {@code environment}: a SLSA verification summary (VSA v1) over the signed
     * artifacts saying whether the ledger so far satisfies the policy for that environment (approvals given for
     * another environment do not count), naming the policy by digest and every attestation so far by digest.
     * Record it once the approvals are in and before deploying; {@code relgov verify} recomputes it.
     */
    public Dsse.Envelope attestReleaseDecision(String environment, SigningKey key, String actor) {
        if (policy.environment(environment).isEmpty()) {
            throw new IllegalArgumentException(
                    "environment '" + environment + "' is not defined in policy " + policy.name());
        }
        var view = new LedgerView(ledger.events());
        var predicate = ReleaseDecision.predicate(
                policy, view, environment, Instant.now(clock).truncatedTo(ChronoUnit.MILLIS));
        return attest(
                new InTotoStatement(subjects(), ReleaseDecision.PREDICATE_TYPE, predicate),
                "decision." + environment,
                key,
                actor);
    }

    /** The evidence files named (as recorded), with the digests the ledger holds for them. */
    private List<InTotoStatement.Subject> recordedFiles(List<String> names) {
        Map<String, String> recorded = recordedDigests(ledger.events());
        List<InTotoStatement.Subject> out = new ArrayList<>();
        for (String name : names) {
            String sha = recorded.get("evidence/" + name);
            if (sha == null) {
                throw new IllegalArgumentException(
                        "'" + name + "' is not a recorded evidence file: record it with recordFile first");
            }
            out.add(new InTotoStatement.Subject("evidence/" + name, sha));
        }
        return out;
    }

    private Dsse.Envelope attest(InTotoStatement statement, String what, SigningKey key, String actor) {
        Dsse.Envelope env = statement.sign(key);
        String entry;
        synchronized (generated) {
            // a second attestation of a kind gets a name of its own: both stay in the bundle, as the ledger records
            // both
            String base = "attestations/" + release.name() + "-" + release.version() + "." + what;
            entry = EntryNames.check(base + ".intoto.json");
            for (int n = 2; generated.containsKey(entry); n++) {
                entry = EntryNames.check(base + "-" + n + ".intoto.json");
            }
            generated.put(entry, env.toJson().getBytes(StandardCharsets.UTF_8));
        }
        // the envelope itself is kept in the ledger too, so a release can be resumed from its ledger alone
        ObjectNode p = json().put("path", entry)
                .put("predicateType", statement.predicateType())
                .put("payloadSha256", Sha256.of(env.payload()))
                .put("keyFingerprint", key.publicKey().fingerprint())
                .put("envelope", env.toJson());
        ArrayNode subj = p.putArray("subjects");
        statement.subjects().forEach(s -> subj.addObject().put("name", s.name()).put("sha256", s.sha256()));
        ledger.append(EventType.ATTESTATION_CREATED, actor, p);
        return env;
    }

    private List<InTotoStatement.Subject> subjects() {
        List<InTotoStatement.Subject> out = new ArrayList<>();
        for (LedgerEvent e : ledger.events()) {
            if (e.type().equals(EventType.ARTIFACT_SIGNED.wire())) {
                out.add(new InTotoStatement.Subject(
                        e.payload().path("artifact").asText(),
                        e.payload().path("sha256").asText()));
            } else if (e.type().equals(EventType.IMAGE_SIGNED.wire())) {
                // named and digested as cosign attest names an image: its repository, its manifest digest
                out.add(new InTotoStatement.Subject(
                        e.payload().path("repository").asText(),
                        e.payload().path("digest").asText().replaceFirst("^sha256:", "")));
            }
        }
        if (out.isEmpty()) {
            throw new IllegalStateException(
                    "sign at least one artifact or image before attesting: they are the statement's subjects");
        }
        return out;
    }

    /** The governance predicate, built from the ledger so far. */
    public ObjectNode governanceRecord() {
        List<LedgerEvent> events = ledger.events();
        ObjectNode rec = json();
        JsonNode started = events.get(0).payload();
        rec.set("release", started.get("release"));
        rec.set("policy", started.get("policy"));
        ArrayNode gates = rec.putArray("gates");
        ArrayNode approvals = rec.putArray("approvals");
        ArrayNode waivers = rec.putArray("waivers");
        ArrayNode evidence = rec.putArray("evidence");
        ArrayNode images = rec.putArray("images");
        for (LedgerEvent e : events) {
            JsonNode p = e.payload();
            switch (EventType.of(e.type()).orElseThrow()) {
                case GATE_EVALUATED -> {
                    gates.addObject()
                            .put("gate", p.path("gate").asText())
                            .put("passed", p.path("passed").asBoolean())
                            .put("seq", e.seq());
                    if (p.path("detail").has("waiver")) {
                        ObjectNode w = waivers.addObject()
                                .put("gate", p.path("gate").asText())
                                .put("seq", e.seq());
                        w.set("waiver", p.path("detail").get("waiver"));
                    }
                }
                case APPROVAL_DECIDED ->
                    approvals
                            .addObject()
                            .put("role", p.path("role").asText())
                            .put("approver", p.path("approver").asText())
                            .put("decision", p.path("decision").asText())
                            .put("time", e.time())
                            .put("seq", e.seq());
                case EVIDENCE_RECORDED -> {
                    ObjectNode item = evidence.addObject()
                            .put("kind", p.path("kind").asText())
                            .put("seq", e.seq());
                    if (p.has("file")) {
                        item.put("path", p.path("file").path("path").asText())
                                .put("sha256", p.path("file").path("sha256").asText());
                    } else {
                        item.put("sha256", CanonicalJson.sha256Hex(p.path("record")));
                    }
                    item.set("controls", p.path("controls"));
                }
                case IMAGE_SIGNED ->
                    images.addObject()
                            .put("image", p.path("image").asText())
                            .put("keyFingerprint", p.path("keyFingerprint").asText())
                            .put("seq", e.seq());
                default -> {}
            }
        }
        rec.putObject("ledger").put("events", events.size()).put("head", ledger.head());
        return rec;
    }

    /**
     * Seals the release: no more events; the manifest lists every bundle file's digest; the seal
     * (ledger head, event count, manifest digest) is signed with {@code key}, so one signature
     * covers the whole chain and every file.
     */
    public SealedBundle seal(SigningKey key, String actor) throws IOException {
        return seal(key, actor, null);
    }

    /**
     * Seals as {@link #seal(SigningKey, String)} does, and has {@code tsa} (when not null) time-stamp the seal's
     * signature (RFC 3161): the token goes into the seal's Sigstore bundle ({@value SealedBundle#SEAL_SIGSTORE}), and
     * the manifest records which authority was asked, so a token removed later is noticed. Every artifact
     * signature and attestation also gets its Sigstore bundle (v0.3, key-based) under {@code sigstore/}.
     *
     * @throws IOException when the time-stamping authority cannot be reached or refuses: the seal needs its token;
     *                     seal again once it answers (the ledger stays as it is)
     */
    public SealedBundle seal(SigningKey key, String actor, Timestamper tsa) throws IOException {
        Instant sealedAt = Instant.now(clock).truncatedTo(ChronoUnit.MILLIS);
        String head = ledger.close();
        List<LedgerEvent> events = ledger.events();
        Map<String, SealedBundle.Content> entries = new TreeMap<>();
        entries.put(SealedBundle.LEDGER, SealedBundle.Content.of(ledger.toBytes()));
        entries.put(policyEntry, SealedBundle.Content.of(policyBytes));
        entries.put(
                SealedBundle.PUBLIC_KEY,
                SealedBundle.Content.of(key.publicKey().toPem().getBytes(StandardCharsets.US_ASCII)));
        generated.forEach((n, b) -> entries.put(n, SealedBundle.Content.of(b)));
        SigstoreEntries.of(new LedgerView(events))
                .forEach((n, json) -> entries.put(n, SealedBundle.Content.of(json.getBytes(StandardCharsets.UTF_8))));
        Map<String, String> recorded = recordedDigests(events);
        for (var f : evidenceFiles.entrySet()) {
            entries.put(f.getKey(), checkedFile(f.getKey(), f.getValue(), recorded));
        }
        for (var a : artifacts.entrySet()) {
            entries.put(a.getKey(), checkedFile(a.getKey(), a.getValue(), recorded));
        }

        ObjectNode manifest = json();
        manifest.put("format", SealedBundle.FORMAT);
        manifest.put(Summary.FORMAT_FIELD, Summary.CURRENT);
        manifest.putObject("release")
                .put("name", release.name())
                .put("version", release.version())
                .put("tier", release.tier());
        manifest.set("policy", events.get(0).payload().get("policy"));
        manifest.put("sealedAt", sealedAt.toString()).put("sealedBy", actor);
        manifest.put(
                "retentionUntil",
                sealedAt.atOffset(ZoneOffset.UTC)
                        .toLocalDate()
                        .plus(policy.retention())
                        .toString());
        manifest.putObject("ledger")
                .put("path", SealedBundle.LEDGER)
                .put("events", events.size())
                .put("head", head);
        manifest.putObject("signingKey")
                .put("path", SealedBundle.PUBLIC_KEY)
                .put("fingerprint", key.publicKey().fingerprint())
                .put("algorithm", key.algorithm().name());
        // what a verifier must find outside the manifest (it covers the seal's signature, made after the manifest)
        manifest.putObject("sigstore")
                .put("mediaType", SigstoreBundle.MEDIA_TYPE)
                .put("seal", SealedBundle.SEAL_SIGSTORE);
        if (tsa == null) {
            manifest.putNull("timestampAuthority");
        } else {
            manifest.put("timestampAuthority", tsa.authority());
        }
        manifest.set("controls", manifestControls(policy));
        // render from the ledger as written (canonical JSON), exactly what the verifier will read back
        List<LedgerEvent> asWritten = Ledger.read(
                new java.io.ByteArrayInputStream(
                        entries.get(SealedBundle.LEDGER).bytes()),
                SealedBundle.LEDGER);
        entries.put(
                SealedBundle.SUMMARY,
                SealedBundle.Content.of(Summary.markdown(manifest, asWritten).getBytes(StandardCharsets.UTF_8)));
        ArrayNode files = manifest.putArray("files");
        for (var e : entries.entrySet()) {
            files.addObject()
                    .put("path", e.getKey())
                    .put("sha256", e.getValue().sha256())
                    .put("size", e.getValue().size());
        }
        byte[] manifestBytes = (LedgerEvent.JSON
                                .writerWithDefaultPrettyPrinter()
                                .writeValueAsString(manifest) + "\n")
                .getBytes(StandardCharsets.UTF_8);
        byte[] seal = Seal.of(
                        head,
                        events.size(),
                        Sha256.of(manifestBytes),
                        key.publicKey().fingerprint())
                .toBytes();
        entries.put(SealedBundle.MANIFEST, SealedBundle.Content.of(manifestBytes));
        entries.put(SealedBundle.SEAL, SealedBundle.Content.of(seal));
        byte[] sealSig = key.sign(seal);
        entries.put(
                SealedBundle.SEAL_SIG,
                SealedBundle.Content.of(BlobSignature.encode(sealSig).getBytes(StandardCharsets.US_ASCII)));
        SigstoreBundle sealBundle = SigstoreBundle.ofBlob(
                key.publicKey().fingerprint(), java.util.HexFormat.of().parseHex(Sha256.of(seal)), sealSig);
        if (tsa != null) {
            sealBundle = sealBundle.withTimestamp(tsa.timestamp(sealSig));
        }
        entries.put(
                SealedBundle.SEAL_SIGSTORE,
                SealedBundle.Content.of(sealBundle.toJson().getBytes(StandardCharsets.UTF_8)));
        return new SealedBundle(release, entries);
    }

    /** The policy's controls as the manifest lists them: what evidence proves each, and what it corresponds to. */
    static ArrayNode manifestControls(Policy policy) {
        ArrayNode controls = LedgerEvent.JSON.createArrayNode();
        for (Control c : policy.controls()) {
            ObjectNode control = controls.addObject()
                    .put("id", c.id())
                    .put("framework", c.framework())
                    .put("title", c.title());
            control.set("evidence", LedgerEvent.JSON.valueToTree(c.evidence()));
            if (!c.crosswalk().isEmpty()) {
                control.set("crosswalk", LedgerEvent.JSON.valueToTree(c.crosswalk()));
            }
        }
        return controls;
    }

    /** Bundle entry name → the SHA-256 the ledger recorded for it (evidence files and artifacts). */
    private static Map<String, String> recordedDigests(List<LedgerEvent> events) {
        Map<String, String> out = new java.util.HashMap<>();
        for (LedgerEvent e : events) {
            JsonNode p = e.payload();
            if (e.type().equals(EventType.EVIDENCE_RECORDED.wire()) && p.has("file")) {
                out.put(
                        "evidence/" + p.path("file").path("path").asText(),
                        p.path("file").path("sha256").asText());
            } else if (e.type().equals(EventType.ARTIFACT_SIGNED.wire())) {
                out.put(
                        SignatureEvidence.artifactEntry(p.path("artifact").asText()),
                        p.path("sha256").asText());
            }
        }
        return out;
    }

    /** A file must still be what the ledger recorded; a change since then is refused, never bundled. */
    private static SealedBundle.Content checkedFile(String entry, Path source, Map<String, String> recorded)
            throws IOException {
        Sha256.Digest now = Sha256.of(source);
        if (!now.hex().equals(recorded.get(entry))) {
            throw new EvidenceException(source + " changed after it was recorded (" + entry + "): refusing to seal");
        }
        return SealedBundle.Content.of(source, now);
    }
}
