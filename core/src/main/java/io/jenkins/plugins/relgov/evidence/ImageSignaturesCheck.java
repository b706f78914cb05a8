package io.jenkins.plugins.relgov.evidence;

import io.jenkins.plugins.relgov.oci.ImageSigner;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Set;

/**
 * Every container image signature the ledger recorded is in the bundle as signed and stands offline, with no
 * registry: the payload entry is the recorded payload, the signature entry the recorded signature, the signature
 * verifies with the key over the payload, and the payload is a cosign container image signature naming the
 * recorded digest and repository (what {@code cosign verify --key} and {@code relgov image verify} check online).
 */
final class ImageSignaturesCheck implements BundleCheck {

    @Override
    public String id() {
        return "image-signatures";
    }

    @Override
    public String run(Verification v, CheckFindings findings) {
        Set<String> expected = new HashSet<>();
        int n = 0;
        for (LedgerView.ImageSigned s : v.ledger.imageSignatures()) {
            n++;
            long seq = s.event().seq();
            expected.add(s.payloadEntry());
            expected.add(s.signatureEntry());
            BundleContents.Read payload = v.recordedFile(s.payloadEntry(), seq, findings);
            BundleContents.Read sig = v.recordedFile(s.signatureEntry(), seq, findings);
            if (payload == null || sig == null) {
                continue;
            }
            if (!new String(payload.bytes(), StandardCharsets.UTF_8).equals(s.payload())) {
                findings.problem(s.payloadEntry(), "differs from the payload recorded at ledger seq " + seq);
                continue;
            }
            if (!("sha256:" + payload.sha256()).equals(s.payloadDigest())) {
                findings.problem(
                        s.payloadEntry(), "sha256 differs from the payload digest recorded at ledger seq " + seq);
                continue;
            }
            String text = new String(sig.bytes(), StandardCharsets.US_ASCII);
            if (!text.strip().equals(s.signature())) {
                findings.problem(s.signatureEntry(), "differs from the signature recorded at ledger seq " + seq);
                continue;
            }
            String problem = ImageSigner.problem(payload.bytes(), text.strip(), v.key, s.repository(), s.digest());
            if (problem != null) {
                findings.problem(s.signatureEntry(), problem + " (image " + s.image() + ", ledger seq " + seq + ")");
            }
        }
        v.unrecordedUnder(ImageEvidence.FOLDER, expected, findings, "in the bundle but not recorded in the ledger");
        return n == 0
                ? "no container image signatures recorded"
                : n + " image signature(s) verify with key " + v.key.fingerprint() + ", offline";
    }
}
