package io.jenkins.plugins.relgov.evidence;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jenkins.plugins.relgov.signing.VerificationKey;
import java.util.List;

/**
 * How an artifact's signature enters a release's ledger, in one shape whoever signs it (the Jenkins step on an
 * agent, {@link ReleaseEvidence#signArtifact}): an {@code artifact-signed} event that keeps the signature text
 * itself, so the sealed bundle carries it ({@code signatures/...}) and a release resumes from its ledger alone.
 *
 * <pre>{@code
 * {"artifact": "target/app.jar", "sha256": "<hex of the artifact>", "size": 1234,
 *  "signature": "signatures/target/app.jar.sig", "sig": "<base64 signature, as cosign sign-blob writes it>",
 *  "algorithm": "ECDSA_P256", "keyFingerprint": "<hex SHA-256 of the public key's SPKI DER>",
 *  "inBundle": true (the artifact itself goes into the bundle as artifacts/target/app.jar),
 *  "controls": ["..."]}
 * }</pre>
 */
public final class SignatureEvidence {

    private SignatureEvidence() {}

    /** The signature's bundle entry. */
    public static String signatureEntry(String artifact) {
        return "signatures/" + artifact + ".sig";
    }

    /** The artifact's bundle entry, when it is in the bundle. */
    public static String artifactEntry(String artifact) {
        return "artifacts/" + artifact;
    }

    /**
     * The payload of the {@code artifact-signed} event for {@code artifact} (its name in the bundle), whose bytes
     * are {@code digest}, signed by {@code key}'s private half as {@code sig} (base64).
     */
    public static ObjectNode signed(
            String artifact,
            Sha256.Digest digest,
            String sig,
            VerificationKey key,
            boolean inBundle,
            List<String> controls) {
        ObjectNode p = LedgerEvent.JSON
                .createObjectNode()
                .put("artifact", artifact)
                .put("sha256", digest.hex())
                .put("size", digest.size())
                .put("signature", signatureEntry(artifact))
                .put("sig", sig)
                .put("algorithm", key.algorithm().name())
                .put("keyFingerprint", key.fingerprint())
                .put("inBundle", inBundle);
        p.set("controls", LedgerEvent.JSON.valueToTree(controls));
        return p;
    }
}
