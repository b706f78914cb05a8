package io.jenkins.plugins.relgov.oci;

import java.io.Serializable;
import java.nio.charset.StandardCharsets;

/**
 * A cosign signature on an image, as it was stored in the registry: what the ledger records and the sealed bundle
 * carries, so that it can be verified offline. Serializable: a Jenkins agent signs and hands it to the controller.
 *
 * @param image          the signed image by digest, {@code registry/repository@sha256:<hex>}
 * @param repository     {@code registry/repository}
 * @param digest         the signed manifest's digest, {@code sha256:<hex>}
 * @param tag            the tag that was resolved to the digest, or null when a digest was given
 * @param payload        the signed simple-signing payload, byte for byte as stored in the registry layer
 * @param signature      the base64 signature, as in the layer's {@code dev.cosignproject.cosign/signature} annotation
 * @param algorithm      the key's algorithm ({@code ECDSA_P256}, {@code ED25519})
 * @param keyFingerprint hex SHA-256 of the public key's SubjectPublicKeyInfo DER
 * @param signatureTag   where it is stored, {@code registry/repository:sha256-<hex>.sig}
 * @param added          false when the registry already held this very signature (signing again added none)
 */
public record ImageSignature(
        String image,
        String repository,
        String digest,
        String tag,
        byte[] payload,
        String signature,
        String algorithm,
        String keyFingerprint,
        String signatureTag,
        boolean added)
        implements Serializable {
    private static final long serialVersionUID = 1L;

    public ImageSignature {
        payload = payload.clone();
    }

    @Override
    public byte[] payload() {
        return payload.clone();
    }

    /** The payload's digest: the digest of its layer in the registry ({@code sha256:<hex>}). */
    public String payloadDigest() {
        return RegistryClient.sha256(payload);
    }

    public String payloadText() {
        return new String(payload, StandardCharsets.UTF_8);
    }
}
