package io.jenkins.plugins.relgov.evidence;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jenkins.plugins.relgov.oci.ImageSignature;
import java.util.List;

/**
 * How a container image signature enters a release's ledger, in one shape whoever writes it (the Jenkins step,
 * {@code relgov}): an {@code image-signed} event that keeps the signed payload and its signature themselves, so the
 * sealed bundle carries them ({@code image-signatures/...}) and {@code relgov verify} checks them offline, with no
 * registry access.
 *
 * <pre>{@code
 * {"image": "registry.example/team/app@sha256:<hex>", "repository": "registry.example/team/app",
 *  "digest": "sha256:<hex>", "tag": "v1.4.0" (only when a tag was resolved),
 *  "signatureTag": "registry.example/team/app:sha256-<hex>.sig",
 *  "payload": "<the simple-signing payload, as signed>", "payloadDigest": "sha256:<hex of the payload>",
 *  "payloadEntry": "image-signatures/sha256-<payload hex>.payload.json",
 *  "sig": "<base64 signature>", "signature": "image-signatures/sha256-<payload hex>.<key fingerprint, 16 hex>.sig",
 *  "algorithm": "ECDSA_P256", "keyFingerprint": "<hex SHA-256 of the public key's SPKI DER>",
 *  "controls": ["..."]}
 * }</pre>
 */
public final class ImageEvidence {
    /** The bundle folder of image signature payloads and signatures. */
    public static final String FOLDER = "image-signatures/";

    private ImageEvidence() {}

    /** The payload's bundle entry: named by the payload's digest, which is its layer's digest in the registry. */
    public static String payloadEntry(ImageSignature s) {
        return FOLDER + s.payloadDigest().replace(':', '-') + ".payload.json";
    }

    /** The signature's bundle entry: one per payload and key. */
    public static String signatureEntry(ImageSignature s) {
        return FOLDER + s.payloadDigest().replace(':', '-') + "."
                + s.keyFingerprint().substring(0, 16) + ".sig";
    }

    /** The payload of the {@code image-signed} event for {@code s}. */
    public static ObjectNode signed(ImageSignature s, List<String> controls) {
        ObjectNode p = LedgerEvent.JSON
                .createObjectNode()
                .put("image", s.image())
                .put("repository", s.repository())
                .put("digest", s.digest());
        if (s.tag() != null) {
            p.put("tag", s.tag());
        }
        p.put("signatureTag", s.signatureTag())
                .put("payload", s.payloadText())
                .put("payloadDigest", s.payloadDigest())
                .put("payloadEntry", payloadEntry(s))
                .put("sig", s.signature())
                .put("signature", signatureEntry(s))
                .put("algorithm", s.algorithm())
                .put("keyFingerprint", s.keyFingerprint());
        p.set("controls", LedgerEvent.JSON.valueToTree(controls));
        return p;
    }
}
