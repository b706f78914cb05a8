package io.jenkins.plugins.relgov.evidence;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jenkins.plugins.relgov.policy.LoadedPolicy;
import io.jenkins.plugins.relgov.policy.PolicyException;
import io.jenkins.plugins.relgov.policy.PolicyLoader;
import io.jenkins.plugins.relgov.signing.BlobSignature;
import io.jenkins.plugins.relgov.signing.Dsse;
import io.jenkins.plugins.relgov.signing.InTotoStatement;
import io.jenkins.plugins.relgov.signing.KeyAlgorithm;
import io.jenkins.plugins.relgov.signing.SigningException;
import io.jenkins.plugins.relgov.signing.VerificationKey;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

/**
 * Verifies a sealed bundle offline: zip structure, the seal signature, every file digest in the
 * manifest, the ledger's hash chain, every evidence file against the ledger, every artifact signature
 * and attestation, the summary, and (given a policy) approvals and required evidence. Every problem
 * names the file, line or ledger event and what differs.
 */
public final class BundleVerifier {
    private static final Set<String> SEAL_FILES = Set.of(SealedBundle.MANIFEST, SealedBundle.SEAL, SealedBundle.SEAL_SIG);

    /**
     * @param trustedKey the public key the auditor trusts (null: use the key inside the bundle, with a warning)
     * @param policy     the policy to check approvals and evidence against (null: skip)
     */
    public record Options(VerificationKey trustedKey, LoadedPolicy policy, ZipLimits limits) {
        public Options {
            limits = limits == null ? ZipLimits.DEFAULT : limits;
        }
    }

    /** An entry as read: its digest and size, and its bytes when it is metadata. */
    private record Read(String sha256, long size, byte[] bytes) {
    }

    private final Options options;
    private final VerificationReport report = new VerificationReport();
    private final Map<String, Read> entries = new LinkedHashMap<>();
    private ZipDirectory zip;

    private BundleVerifier(Options options) {
        this.options = options;
    }

    /**
     * @throws BundleFormatException when the file is not a usable bundle (not a zip, truncated,
     *                               unsafe names, limits exceeded)
     */
    public static VerificationReport verify(Path bundle, Options options) throws IOException {
        try (FileChannel ch = FileChannel.open(bundle, StandardOpenOption.READ)) {
            var v = new BundleVerifier(options);
            v.zip = ZipDirectory.read(ch, bundle.getFileName().toString(), options.limits());
            v.readEntries();
            v.run();
            return v.report;
        }
    }

    /**
     * Reads every entry once; entries are independent, so one worker per core takes the next entry
     * until none is left, hashing through one buffer of its own (a buffer per entry would allocate
     * as much as the bundle holds).
     */
    private void readEntries() throws IOException {
        List<ZipDirectory.Entry> files = zip.entries.stream().filter(e -> !e.isFolder()).toList();
        for (ZipDirectory.Entry e : files) {
            if (!isBulk(e) && e.size() > options.limits().maxInMemoryBytes()) {
                throw ZipDirectory.fail("bundle", "entry '" + e.name() + "' is too large for metadata (" + e.size() + " bytes)");
            }
        }
        Read[] reads = new Read[files.size()];
        AtomicInteger next = new AtomicInteger();
        int workers = Math.max(1, Math.min(files.size(), Runtime.getRuntime().availableProcessors()));
        long largest = files.stream().filter(BundleVerifier::isBulk).mapToLong(ZipDirectory.Entry::size).max().orElse(0);
        try {
            IntStream.range(0, workers).parallel().forEach(w -> {
                byte[] buffer = Sha256.newBuffer(largest);
                for (int i; (i = next.getAndIncrement()) < reads.length; ) {
                    reads[i] = read(files.get(i), buffer);
                }
            });
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        for (int i = 0; i < reads.length; i++) {
            entries.put(files.get(i).name(), reads[i]);
        }
        report.checked("zip structure: " + entries.size() + " entries, central directory and local headers agree");
    }

    private static boolean isBulk(ZipDirectory.Entry e) {
        return e.name().startsWith("evidence/") || e.name().startsWith("artifacts/");
    }

    private Read read(ZipDirectory.Entry e, byte[] buffer) {
        try (InputStream in = zip.open(e)) {
            if (isBulk(e)) {
                Sha256.Digest d = Sha256.of(in, buffer);
                return new Read(d.hex(), d.size(), null);
            }
            byte[] b = in.readAllBytes();
            return new Read(Sha256.of(b), b.length, b);
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    private void run() throws IOException {
        for (String required : List.of(SealedBundle.MANIFEST, SealedBundle.SEAL, SealedBundle.SEAL_SIG, SealedBundle.LEDGER)) {
            if (!entries.containsKey(required)) {
                report.problem(required, "missing from the bundle");
            }
        }
        if (!report.valid()) {
            return;
        }
        VerificationKey key = key();
        if (key == null) {
            return;
        }
        Seal seal = checkSeal(key);
        JsonNode manifest = checkManifest();
        List<LedgerEvent> events = checkLedger(seal, manifest);
        if (events == null || manifest == null) {
            return;
        }
        checkEvidence(events);
        checkSignatures(events, key);
        checkAttestations(events, key);
        checkSummary(manifest, events);
        if (options.policy() != null) {
            LoadedPolicy supplied = options.policy();
            List<Finding> policyProblems = PolicyCompliance.check(supplied.policy(), events);
            report.problems(policyProblems);
            if (policyProblems.isEmpty()) {
                report.checked("policy " + supplied.policy().name() + " (" + supplied.digest()
                        + "): approvals and required evidence satisfied");
            }
            String governed = events.get(0).payload().path("policy").path("digest").asText();
            if (!governed.equals(supplied.digest().toString())) {
                report.warn("the release was governed by policy " + governed + "; checked against the supplied " + supplied.digest());
            }
        }
    }

    private VerificationKey key() {
        Read bundled = entries.get(SealedBundle.PUBLIC_KEY);
        VerificationKey inBundle = null;
        if (bundled != null) {
            try {
                inBundle = VerificationKey.parse(new String(bundled.bytes(), StandardCharsets.US_ASCII), SealedBundle.PUBLIC_KEY);
            } catch (SigningException e) {
                report.problem(SealedBundle.PUBLIC_KEY, e.getMessage());
            }
        }
        if (options.trustedKey() != null) {
            if (inBundle != null && !inBundle.fingerprint().equals(options.trustedKey().fingerprint())) {
                report.warn("the bundle names key " + inBundle.fingerprint() + "; checking with the supplied key "
                        + options.trustedKey().fingerprint());
            }
            return options.trustedKey();
        }
        if (inBundle == null) {
            report.problem(SealedBundle.PUBLIC_KEY, "missing, and no --key given: nothing to verify signatures with");
            return null;
        }
        report.warn("no trusted key given: signatures are checked with the key inside the bundle (" + inBundle.fingerprint()
                + "), which proves integrity, not who signed; pass --key");
        return inBundle;
    }

    private Seal checkSeal(VerificationKey key) {
        byte[] sealBytes = entries.get(SealedBundle.SEAL).bytes();
        byte[] sig;
        try {
            sig = BlobSignature.decode(new String(entries.get(SealedBundle.SEAL_SIG).bytes(), StandardCharsets.US_ASCII), SealedBundle.SEAL_SIG);
        } catch (SigningException e) {
            report.problem(SealedBundle.SEAL_SIG, e.getMessage().substring(SealedBundle.SEAL_SIG.length() + 2));
            sig = null;
        }
        if (sig != null && !key.verify(sealBytes, sig)) {
            report.problem(SealedBundle.SEAL_SIG, "signature does not verify with key " + key.fingerprint());
        }
        Seal seal;
        try {
            seal = Seal.parse(sealBytes, SealedBundle.SEAL);
        } catch (EvidenceException e) {
            report.problem(SealedBundle.SEAL, e.getMessage().substring(SealedBundle.SEAL.length() + 2));
            return null;
        }
        if (!seal.keyFingerprint().equals(key.fingerprint())) {
            report.problem(SealedBundle.SEAL, "sealed with key " + seal.keyFingerprint() + ", not " + key.fingerprint());
        }
        String manifestSha = entries.get(SealedBundle.MANIFEST).sha256();
        if (!seal.manifestSha256().equals(manifestSha)) {
            report.problem(SealedBundle.MANIFEST, "sha256 " + manifestSha + " differs from seal.json (" + seal.manifestSha256() + ")");
        }
        if (report.valid()) {
            report.checked("seal: signed by key " + key.fingerprint() + " over ledger head " + seal.ledgerHead() + " and the manifest");
        }
        return seal;
    }

    private JsonNode checkManifest() {
        JsonNode m;
        try {
            m = LedgerEvent.JSON.readTree(entries.get(SealedBundle.MANIFEST).bytes());
        } catch (IOException e) {
            report.problem(SealedBundle.MANIFEST, "not valid JSON");
            return null;
        }
        if (m == null || !SealedBundle.FORMAT.equals(m.path("format").asText()) || !m.path("files").isArray()) {
            report.problem(SealedBundle.MANIFEST, "not a " + SealedBundle.FORMAT + " manifest");
            return null;
        }
        int before = report.problems().size();
        Map<String, JsonNode> listed = new LinkedHashMap<>();
        for (JsonNode f : m.get("files")) {
            String path = f.path("path").asText();
            if (listed.put(path, f) != null) {
                report.problem(SealedBundle.MANIFEST, "lists " + path + " twice");
            }
            Read r = entries.get(path);
            if (r == null) {
                report.problem(path, "listed in manifest.json but missing from the bundle");
            } else if (!r.sha256().equals(f.path("sha256").asText())) {
                report.problem(path, "sha256 " + r.sha256() + " differs from manifest.json (" + f.path("sha256").asText() + ")");
            } else if (r.size() != f.path("size").asLong(-1)) {
                report.problem(path, "size " + r.size() + " differs from manifest.json (" + f.path("size").asText() + ")");
            }
        }
        for (String name : entries.keySet()) {
            if (!SEAL_FILES.contains(name) && !listed.containsKey(name)) {
                report.problem(name, "in the bundle but not listed in manifest.json");
            }
        }
        if (report.problems().size() == before) {
            report.checked("manifest: " + listed.size() + " files, every sha256 and size matches");
        }
        return m;
    }

    private List<LedgerEvent> checkLedger(Seal seal, JsonNode manifest) throws IOException {
        List<LedgerEvent> events;
        try {
            events = Ledger.read(new ByteArrayInputStream(entries.get(SealedBundle.LEDGER).bytes()), SealedBundle.LEDGER);
        } catch (EvidenceException e) {
            String m = e.getMessage(); // "ledger.jsonl line N: what"
            int colon = m.indexOf(": ");
            report.problem(m.substring(0, colon), m.substring(colon + 2));
            return null;
        }
        int before = report.problems().size();
        for (String p : Ledger.verifyChain(events, SealedBundle.LEDGER)) {
            int colon = p.indexOf("): ");
            report.problem(p.substring(0, colon + 1), p.substring(colon + 3));
        }
        String head = events.isEmpty() ? LedgerEvent.GENESIS : events.get(events.size() - 1).hash();
        if (seal != null && !seal.ledgerHead().equals(head)) {
            report.problem(SealedBundle.LEDGER, "head " + head + " differs from the signed seal.json (" + seal.ledgerHead() + ")");
        }
        if (seal != null && seal.ledgerEvents() != events.size()) {
            report.problem(SealedBundle.LEDGER, events.size() + " events, the signed seal.json says " + seal.ledgerEvents());
        }
        if (manifest != null && !manifest.path("ledger").path("head").asText().equals(head)) {
            report.problem(SealedBundle.MANIFEST, "ledger head differs from ledger.jsonl");
        }
        if (events.isEmpty() || !events.get(0).type().equals(EventType.RELEASE_STARTED.wire())) {
            report.problem(SealedBundle.LEDGER + " line 1", "the first event must be release-started");
        } else if (manifest != null) {
            JsonNode pol = events.get(0).payload().path("policy");
            Read policyFile = entries.get(pol.path("path").asText());
            String path = pol.path("path").asText("policy");
            if (policyFile == null || !policyFile.sha256().equals(pol.path("sha256").asText())) {
                report.problem(path, "missing or sha256 differs from ledger seq 0");
            } else {
                checkBundledPolicy(path, policyFile.bytes(), pol.path("digest").asText());
            }
        }
        if (report.problems().size() == before) {
            report.checked("ledger: " + events.size() + " events, hash chain intact, head " + head);
        }
        return events;
    }

    /** The bundled policy file must still load and be the policy whose digest the ledger recorded. */
    private void checkBundledPolicy(String path, byte[] bytes, String recordedDigest) {
        try {
            LoadedPolicy p = PolicyLoader.load(path, bytes);
            if (!p.digest().toString().equals(recordedDigest)) {
                report.problem(path, "policy digest " + p.digest() + " differs from ledger seq 0 (" + recordedDigest + ")");
            }
        } catch (PolicyException e) {
            report.problem(path, "does not load as a policy: " + e.getMessage().lines().findFirst().orElse(""));
        }
    }

    private void checkEvidence(List<LedgerEvent> events) {
        int before = report.problems().size();
        Set<String> recorded = new java.util.HashSet<>();
        int files = 0;
        int records = 0;
        for (LedgerEvent e : events) {
            if (!e.type().equals(EventType.EVIDENCE_RECORDED.wire())) {
                continue;
            }
            JsonNode f = e.payload().path("file");
            if (f.isMissingNode()) {
                records++;
                continue;
            }
            files++;
            String path = "evidence/" + f.path("path").asText();
            recorded.add(path);
            Read r = entries.get(path);
            if (r == null) {
                report.problem(path, "recorded at ledger seq " + e.seq() + " but missing from the bundle");
            } else if (!r.sha256().equals(f.path("sha256").asText())) {
                report.problem(path, "sha256 differs from ledger seq " + e.seq() + " (bundle " + r.sha256() + ", ledger "
                        + f.path("sha256").asText() + ")");
            } else if (r.size() != f.path("size").asLong(-1)) {
                report.problem(path, "size differs from ledger seq " + e.seq());
            }
        }
        for (String name : entries.keySet()) {
            if (name.startsWith("evidence/") && !recorded.contains(name)) {
                report.problem(name, "in the bundle but not recorded in the ledger");
            }
        }
        if (report.problems().size() == before) {
            report.checked("evidence: " + files + " files match the ledger, " + records + " records in the ledger");
        }
    }

    private void checkSignatures(List<LedgerEvent> events, VerificationKey key) throws IOException {
        int before = report.problems().size();
        Set<String> expected = new java.util.HashSet<>();
        Set<String> artifacts = new java.util.HashSet<>();
        int n = 0;
        for (LedgerEvent e : events) {
            if (!e.type().equals(EventType.ARTIFACT_SIGNED.wire())) {
                continue;
            }
            n++;
            JsonNode p = e.payload();
            String sigEntry = p.path("signature").asText();
            String artifactEntry = "artifacts/" + p.path("artifact").asText();
            expected.add(sigEntry);
            Read sigFile = entries.get(sigEntry);
            if (sigFile == null) {
                report.problem(sigEntry, "recorded at ledger seq " + e.seq() + " but missing from the bundle");
                continue;
            }
            String text = new String(sigFile.bytes(), StandardCharsets.US_ASCII);
            if (!text.strip().equals(p.path("sig").asText())) {
                report.problem(sigEntry, "differs from the signature recorded at ledger seq " + e.seq());
                continue;
            }
            byte[] sig;
            try {
                sig = BlobSignature.decode(text, sigEntry);
            } catch (SigningException ex) {
                report.problem(sigEntry, ex.getMessage().substring(sigEntry.length() + 2));
                continue;
            }
            Read artifact = entries.get(artifactEntry);
            String sha = p.path("sha256").asText();
            boolean ok;
            if (artifact != null) {
                artifacts.add(artifactEntry);
                if (!artifact.sha256().equals(sha)) {
                    report.problem(artifactEntry, "sha256 differs from ledger seq " + e.seq());
                    continue;
                }
                ok = verifyOver(artifactEntry, key, sig);
            } else if (key.algorithm() == KeyAlgorithm.ECDSA_P256 && Ledger.isHexSha256(sha)) {
                ok = key.verifyDigest(HexFormat.of().parseHex(sha), sig); // ECDSA signs the digest: no artifact needed
            } else {
                report.problem(sigEntry, "Ed25519 signature cannot be checked: the artifact is not in the bundle");
                continue;
            }
            if (!ok) {
                report.problem(sigEntry, "signature does not verify with key " + key.fingerprint());
            }
        }
        for (String name : entries.keySet()) {
            if (name.startsWith("signatures/") && !expected.contains(name)) {
                report.problem(name, "in the bundle but not recorded in the ledger");
            }
            if (name.startsWith("artifacts/") && !artifacts.contains(name)) {
                report.problem(name, "in the bundle but no signature for it is recorded in the ledger");
            }
        }
        if (report.problems().size() == before) {
            report.checked("signatures: " + n + " artifact signature(s) verify with key " + key.fingerprint());
        }
    }

    private boolean verifyOver(String entry, VerificationKey key, byte[] sig) throws IOException {
        if (key.algorithm() == KeyAlgorithm.ECDSA_P256) {
            // the digest was just computed from the entry's bytes; ECDSA over it is ECDSA over the bytes
            return key.verifyDigest(HexFormat.of().parseHex(entries.get(entry).sha256()), sig);
        }
        ZipDirectory.Entry e = zip.entries.stream().filter(x -> x.name().equals(entry)).findFirst().orElseThrow();
        try (InputStream in = zip.open(e)) {
            return key.verify(in, sig);
        }
    }

    private void checkAttestations(List<LedgerEvent> events, VerificationKey key) {
        int before = report.problems().size();
        Set<String> expected = new java.util.HashSet<>();
        for (LedgerEvent e : events) {
            if (!e.type().equals(EventType.ATTESTATION_CREATED.wire())) {
                continue;
            }
            JsonNode p = e.payload();
            String path = p.path("path").asText();
            expected.add(path);
            Read r = entries.get(path);
            if (r == null) {
                report.problem(path, "recorded at ledger seq " + e.seq() + " but missing from the bundle");
                continue;
            }
            Dsse.Envelope env;
            try {
                env = Dsse.Envelope.parse(new String(r.bytes(), StandardCharsets.UTF_8), path);
            } catch (SigningException ex) {
                report.problem(path, ex.getMessage().substring(path.length() + 2));
                continue;
            }
            if (!env.verifiedBy(key)) {
                report.problem(path, "DSSE signature does not verify with key " + key.fingerprint());
            }
            if (!InTotoStatement.PAYLOAD_TYPE.equals(env.payloadType())) {
                report.problem(path, "payloadType is not " + InTotoStatement.PAYLOAD_TYPE);
            }
            if (p.has("envelope") && !p.path("envelope").asText().equals(new String(r.bytes(), StandardCharsets.UTF_8))) {
                report.problem(path, "differs from the envelope recorded at ledger seq " + e.seq());
            }
            if (!Sha256.of(env.payload()).equals(p.path("payloadSha256").asText())) {
                report.problem(path, "payload sha256 differs from ledger seq " + e.seq());
                continue;
            }
            JsonNode st;
            try {
                st = env.payloadJson();
            } catch (SigningException ex) {
                report.problem(path, "payload is not JSON");
                continue;
            }
            if (!InTotoStatement.TYPE.equals(st.path("_type").asText())) {
                report.problem(path, "statement _type is not " + InTotoStatement.TYPE);
            }
        }
        for (String name : entries.keySet()) {
            if (name.startsWith("attestations/") && !expected.contains(name)) {
                report.problem(name, "in the bundle but not recorded in the ledger");
            }
        }
        if (report.problems().size() == before) {
            report.checked("attestations: " + expected.size() + " DSSE envelope(s) verify");
        }
    }

    private void checkSummary(JsonNode manifest, List<LedgerEvent> events) {
        Read r = entries.get(SealedBundle.SUMMARY);
        if (r == null) {
            report.problem(SealedBundle.SUMMARY, "missing from the bundle");
            return;
        }
        ObjectNode header = manifest.deepCopy();
        header.remove("files");
        String expected = Summary.markdown(header, events);
        String actual = new String(r.bytes(), StandardCharsets.UTF_8);
        if (!expected.equals(actual)) {
            String[] a = actual.split("\n", -1);
            String[] b = expected.split("\n", -1);
            int line = 0;
            while (line < Math.min(a.length, b.length) && a[line].equals(b[line])) {
                line++;
            }
            report.problem(SealedBundle.SUMMARY, "line " + (line + 1) + " does not say what the ledger and manifest say");
        } else {
            report.checked("summary.md: matches the ledger and manifest");
        }
    }
}
