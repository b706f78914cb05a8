package io.jenkins.plugins.relgov.evidence;

import io.jenkins.plugins.relgov.signing.BlobSignature;
import io.jenkins.plugins.relgov.signing.SigningException;
import io.jenkins.plugins.relgov.signing.SigstoreBundle;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.Set;

/**
 * The Sigstore bundles hold exactly the signatures the rest of the bundle does: each artifact's bundle the
 * digest and signature the ledger recorded, each attestation's the DSSE envelope the ledger recorded, the
 * seal's the digest of {@code seal.json} and the bytes of {@code seal.json.sig}; each names the signing key.
 * The signatures themselves are checked by the signatures, attestations and seal checks, so a Sigstore
 * bundle that passes here verifies wherever those do. A bundle sealed before relgov wrote Sigstore bundles
 * (its manifest has no {@code sigstore}) has none, which is said, not counted against it.
 */
final class SigstoreCheck implements BundleCheck {

    @Override
    public String id() {
        return "sigstore";
    }

    @Override
    public String run(Verification v, CheckFindings findings) {
        Set<String> expected = new HashSet<>();
        boolean written = v.manifest.has("sigstore");
        if (!written) {
            v.unrecordedUnder(
                    SigstoreEntries.FOLDER,
                    expected,
                    findings,
                    "a Sigstore bundle in a bundle whose manifest records none");
            if (v.contents.has(SealedBundle.SEAL_SIGSTORE)) {
                findings.problem(SealedBundle.SEAL_SIGSTORE, "present, but the manifest records no Sigstore bundles");
            }
            return "none: the bundle was sealed before relgov wrote Sigstore bundles (the cosign signatures and DSSE envelopes are checked above)";
        }
        int n = 0;
        for (LedgerView.ArtifactSignature s : v.ledger.signatures()) {
            String entry = SigstoreEntries.forArtifact(s.artifact());
            expected.add(entry);
            n += same(v, entry, s.event().seq(), () -> SigstoreEntries.of(s), findings);
        }
        for (LedgerView.Attestation a : v.ledger.attestations()) {
            if (a.envelope() == null) {
                continue;
            }
            String entry = SigstoreEntries.forAttestation(a.path());
            expected.add(entry);
            n += same(v, entry, a.event().seq(), () -> SigstoreEntries.of(a), findings);
        }
        v.unrecordedUnder(
                SigstoreEntries.FOLDER,
                expected,
                findings,
                "in the bundle but no signature of it is recorded in the ledger");
        n += seal(v, findings);
        return n + " Sigstore bundle(s) v0.3 hold the recorded signatures (key-based, hint " + v.key.fingerprint()
                + ")";
    }

    private interface Expected {
        SigstoreBundle get();
    }

    /** The file must be exactly the bundle the ledger implies (it was written from it). */
    private static int same(Verification v, String entry, long seq, Expected expected, CheckFindings findings) {
        BundleContents.Read r = v.recordedFile(entry, seq, findings);
        if (r == null) {
            return 0;
        }
        String want;
        try {
            want = expected.get().toJson();
        } catch (SigningException | IllegalArgumentException e) {
            findings.problem(
                    entry, "the signature recorded at ledger seq " + seq + " is not usable: " + e.getMessage());
            return 0;
        }
        String text = new String(r.bytes(), StandardCharsets.UTF_8);
        try {
            SigstoreBundle.parse(text, entry);
        } catch (SigningException e) {
            findings.problem(entry, CheckFindings.what(e, entry));
            return 0;
        }
        if (!text.equals(want)) {
            findings.problem(entry, "differs from the signature recorded at ledger seq " + seq);
            return 0;
        }
        return 1;
    }

    /** The seal's bundle: outside the manifest (it holds the seal's signature), so checked against seal.json and its signature. */
    private static int seal(Verification v, CheckFindings findings) {
        String entry = SealedBundle.SEAL_SIGSTORE;
        BundleContents.Read r = v.contents.get(entry);
        if (r == null) {
            findings.problem(entry, "missing: the manifest records that the seal has a Sigstore bundle");
            return 0;
        }
        SigstoreBundle b;
        try {
            b = SigstoreBundle.parse(new String(r.bytes(), StandardCharsets.UTF_8), entry);
        } catch (SigningException e) {
            findings.problem(entry, CheckFindings.what(e, entry));
            return 0;
        }
        String sealSha = v.contents.get(SealedBundle.SEAL).sha256();
        byte[] sealSig;
        try {
            sealSig = BlobSignature.decode(
                    new String(v.contents.get(SealedBundle.SEAL_SIG).bytes(), StandardCharsets.US_ASCII),
                    SealedBundle.SEAL_SIG);
        } catch (SigningException e) {
            return 0; // the seal check has said why
        }
        if (b.isDsse() || !HexFormat.of().formatHex(b.sha256()).equals(sealSha)) {
            findings.problem(entry, "is not a signature over seal.json (sha256 " + sealSha + ")");
        } else if (!java.util.Arrays.equals(b.signature(), sealSig)) {
            findings.problem(entry, "its signature differs from seal.json.sig");
        }
        if (v.seal != null && !b.keyHint().equals(v.seal.keyFingerprint())) {
            findings.problem(entry, "names key " + b.keyHint() + ", not the sealing key " + v.seal.keyFingerprint());
        }
        v.sealTimestamps = b.timestamps();
        v.sealSignature = sealSig;
        return 1;
    }
}
