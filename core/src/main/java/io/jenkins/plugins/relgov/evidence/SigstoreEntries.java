package io.jenkins.plugins.relgov.evidence;

import io.jenkins.plugins.relgov.signing.BlobSignature;
import io.jenkins.plugins.relgov.signing.Dsse;
import io.jenkins.plugins.relgov.signing.SigningException;
import io.jenkins.plugins.relgov.signing.SigstoreBundle;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;

/**
 * The Sigstore bundles a sealed release carries beside its cosign signatures and DSSE attestations, one per
 * signature, made from what the ledger records (so a resumed release makes the same ones, and the verifier
 * can say exactly what each must hold): {@code sigstore/artifacts/<artifact>.sigstore.json} and
 * {@code sigstore/attestations/<name>.sigstore.json}.
 */
final class SigstoreEntries {
    static final String FOLDER = "sigstore/";

    private SigstoreEntries() {}

    static String forArtifact(String artifact) {
        return FOLDER + "artifacts/" + artifact + SigstoreBundle.SUFFIX;
    }

    /** {@code attestations/shop-v1.governance.intoto.json} → {@code sigstore/attestations/shop-v1.governance.sigstore.json}. */
    static String forAttestation(String path) {
        String name = path.startsWith("attestations/") ? path.substring("attestations/".length()) : path;
        if (name.endsWith(".intoto.json")) {
            name = name.substring(0, name.length() - ".intoto.json".length());
        }
        return FOLDER + "attestations/" + name + SigstoreBundle.SUFFIX;
    }

    /** The artifact signature the ledger records, as a Sigstore bundle (hint: the key that signed it). */
    static SigstoreBundle of(LedgerView.ArtifactSignature s) {
        return SigstoreBundle.ofBlob(
                LedgerView.text(s.event().payload().path("keyFingerprint")),
                HexFormat.of().parseHex(s.sha256()),
                BlobSignature.decode(s.signature(), s.signatureEntry()));
    }

    /** The attestation's envelope the ledger records, as a Sigstore bundle; null when the ledger does not keep it. */
    static SigstoreBundle of(LedgerView.Attestation a) {
        if (a.envelope() == null) {
            return null;
        }
        Dsse.Envelope env = Dsse.Envelope.parse(a.envelope(), a.path());
        return SigstoreBundle.ofEnvelope(LedgerView.text(a.event().payload().path("keyFingerprint")), env);
    }

    /** Every bundle entry to write, by name: what sealing adds. */
    static Map<String, String> of(LedgerView ledger) {
        Map<String, String> out = new TreeMap<>();
        try {
            for (LedgerView.ArtifactSignature s : ledger.signatures()) {
                out.put(EntryNames.check(forArtifact(s.artifact())), of(s).toJson());
            }
            for (LedgerView.Attestation a : ledger.attestations()) {
                SigstoreBundle b = of(a);
                if (b != null) {
                    out.put(EntryNames.check(forAttestation(a.path())), b.toJson());
                }
            }
        } catch (SigningException | IllegalArgumentException e) {
            throw new EvidenceException(
                    "cannot seal: the ledger holds a signature that is not usable: " + e.getMessage());
        }
        return out;
    }
}
