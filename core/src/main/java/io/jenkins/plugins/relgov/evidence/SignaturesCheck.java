package io.jenkins.plugins.relgov.evidence;

import io.jenkins.plugins.relgov.signing.BlobSignature;
import io.jenkins.plugins.relgov.signing.KeyAlgorithm;
import io.jenkins.plugins.relgov.signing.SigningException;
import io.jenkins.plugins.relgov.signing.VerificationKey;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.Set;

/**
 * Every artifact signature is the one the ledger recorded and verifies with the key: over the
 * artifact when the bundle holds it, otherwise (ECDSA only) over the digest the ledger recorded.
 */
final class SignaturesCheck implements BundleCheck {

    @Override
    public String id() {
        return "signatures";
    }

    @Override
    public String run(Verification v, CheckFindings findings) throws IOException {
        VerificationKey key = v.key;
        Set<String> expected = new HashSet<>();
        Set<String> artifacts = new HashSet<>();
        int n = 0;
        for (LedgerView.ArtifactSignature s : v.ledger.signatures()) {
            n++;
            long seq = s.event().seq();
            String sigEntry = s.signatureEntry();
            expected.add(sigEntry);
            BundleContents.Read sigFile = v.recordedFile(sigEntry, seq, findings);
            if (sigFile == null) {
                continue;
            }
            String text = new String(sigFile.bytes(), StandardCharsets.US_ASCII);
            if (!text.strip().equals(s.signature())) {
                findings.problem(sigEntry, "differs from the signature recorded at ledger seq " + seq);
                continue;
            }
            byte[] sig;
            try {
                sig = BlobSignature.decode(text, sigEntry);
            } catch (SigningException ex) {
                findings.problem(sigEntry, CheckFindings.what(ex, sigEntry));
                continue;
            }
            BundleContents.Read artifact = v.contents.get(s.artifactEntry());
            boolean ok;
            if (artifact != null) {
                artifacts.add(s.artifactEntry());
                if (!artifact.sha256().equals(s.sha256())) {
                    findings.problem(s.artifactEntry(), "sha256 differs from ledger seq " + seq);
                    continue;
                }
                ok = verifyOver(v, s.artifactEntry(), artifact, key, sig);
            } else if (key.algorithm() == KeyAlgorithm.ECDSA_P256 && Ledger.isHexSha256(s.sha256())) {
                ok = key.verifyDigest(
                        HexFormat.of().parseHex(s.sha256()), sig); // ECDSA signs the digest: no artifact needed
            } else {
                findings.problem(sigEntry, "Ed25519 signature cannot be checked: the artifact is not in the bundle");
                continue;
            }
            if (!ok) {
                findings.problem(sigEntry, "signature does not verify with key " + key.fingerprint());
            }
        }
        v.unrecordedUnder("signatures/", expected, findings, "in the bundle but not recorded in the ledger");
        v.unrecordedUnder(
                "artifacts/", artifacts, findings, "in the bundle but no signature for it is recorded in the ledger");
        return n + " artifact signature(s) verify with key " + key.fingerprint();
    }

    private static boolean verifyOver(
            Verification v, String entry, BundleContents.Read read, VerificationKey key, byte[] sig)
            throws IOException {
        if (key.algorithm() == KeyAlgorithm.ECDSA_P256) {
            // the digest was just computed from the entry's bytes; ECDSA over it is ECDSA over the bytes
            return key.verifyDigest(HexFormat.of().parseHex(read.sha256()), sig);
        }
        try (InputStream in = v.contents.open(entry)) {
            return key.verify(in, sig);
        }
    }
}
