package io.jenkins.plugins.relgov.evidence;

import io.jenkins.plugins.relgov.signing.BlobSignature;
import io.jenkins.plugins.relgov.signing.SigningException;
import io.jenkins.plugins.relgov.signing.VerificationKey;
import java.nio.charset.StandardCharsets;

/**
 * The key to verify with (the auditor's, or else the one the bundle carries, which proves integrity
 * only), and the seal: its signature, and that it names that key and the manifest's digest.
 */
final class SealCheck implements BundleCheck {

    @Override
    public String id() {
        return "seal";
    }

    @Override
    public String cannotRun(Verification v) {
        return v.blocked;
    }

    @Override
    public String run(Verification v, CheckFindings findings) {
        v.key = key(v, findings);
        if (v.key == null) {
            v.blocked = "there is no key to verify signatures with";
            return "";
        }
        VerificationKey key = v.key;
        byte[] sealBytes = v.contents.get(SealedBundle.SEAL).bytes();
        String sigText = new String(v.contents.get(SealedBundle.SEAL_SIG).bytes(), StandardCharsets.US_ASCII);
        try {
            byte[] sig = BlobSignature.decode(sigText, SealedBundle.SEAL_SIG);
            if (!key.verify(sealBytes, sig)) {
                findings.problem(SealedBundle.SEAL_SIG, "signature does not verify with key " + key.fingerprint());
            }
        } catch (SigningException e) {
            findings.problem(SealedBundle.SEAL_SIG, CheckFindings.what(e, SealedBundle.SEAL_SIG));
        }
        Seal seal;
        try {
            seal = Seal.parse(sealBytes, SealedBundle.SEAL);
        } catch (EvidenceException e) {
            Finding f = e.finding(SealedBundle.SEAL);
            findings.problem(f.where(), f.what());
            return "";
        }
        v.seal = seal;
        if (!seal.keyFingerprint().equals(key.fingerprint())) {
            findings.problem(
                    SealedBundle.SEAL, "sealed with key " + seal.keyFingerprint() + ", not " + key.fingerprint());
        }
        String manifestSha = v.contents.get(SealedBundle.MANIFEST).sha256();
        if (!seal.manifestSha256().equals(manifestSha)) {
            findings.problem(
                    SealedBundle.MANIFEST,
                    "sha256 " + manifestSha + " differs from seal.json (" + seal.manifestSha256() + ")");
        }
        return "signed by key " + key.fingerprint() + " over ledger head " + seal.ledgerHead() + " and the manifest";
    }

    private static VerificationKey key(Verification v, CheckFindings findings) {
        BundleContents.Read bundled = v.contents.get(SealedBundle.PUBLIC_KEY);
        VerificationKey inBundle = null;
        if (bundled != null) {
            try {
                inBundle = VerificationKey.parse(
                        new String(bundled.bytes(), StandardCharsets.US_ASCII), SealedBundle.PUBLIC_KEY);
            } catch (SigningException e) {
                findings.problem(SealedBundle.PUBLIC_KEY, CheckFindings.what(e, SealedBundle.PUBLIC_KEY));
            }
        }
        VerificationKey trusted = v.options.trustedKey();
        if (trusted != null) {
            if (inBundle != null && !inBundle.fingerprint().equals(trusted.fingerprint())) {
                findings.warn(
                        SealedBundle.PUBLIC_KEY,
                        "the bundle names key " + inBundle.fingerprint() + "; checking with the supplied key "
                                + trusted.fingerprint());
            }
            v.keyTrusted = true;
            return trusted;
        }
        if (inBundle == null) {
            findings.problem(SealedBundle.PUBLIC_KEY, "missing, and no --key given: nothing to verify signatures with");
            return null;
        }
        findings.warn(
                SealedBundle.PUBLIC_KEY,
                "no trusted key given: signatures are checked with the key inside the bundle (" + inBundle.fingerprint()
                        + "), which proves integrity, not who signed; pass --key");
        return inBundle;
    }
}
