package io.jenkins.plugins.relgov.oci;

import io.jenkins.plugins.relgov.signing.BlobSignature;
import io.jenkins.plugins.relgov.signing.Dsse;
import io.jenkins.plugins.relgov.signing.SigningException;
import io.jenkins.plugins.relgov.signing.SigningKey;
import io.jenkins.plugins.relgov.signing.VerificationKey;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Signs, verifies and attests container images in their registry exactly as {@code cosign sign --key},
 * {@code cosign verify --key} and {@code cosign attest --key} do (cosign's tag-based layout, which every cosign
 * version and the admission controllers read): the signature of image {@code sha256:<hex>} is a layer of the image
 * tagged {@code sha256-<hex>.sig} in the same repository, of media type
 * {@value SimpleSigningPayload#MEDIA_TYPE}, holding the {@link SimpleSigningPayload} with its base64 signature in the
 * annotation {@value #SIGNATURE_ANNOTATION}; attestations (DSSE envelopes of in-toto statements) are layers of the
 * image tagged {@code sha256-<hex>.att}. Signing again adds a layer and never drops one; a tag is resolved to its
 * digest first, and the digest is what gets signed.
 */
public final class ImageSigner {
    public static final String SIGNATURE_ANNOTATION = "dev.cosignproject.cosign/signature";
    public static final String DSSE_MEDIA_TYPE = "application/vnd.dsse.envelope.v1+json";
    /** A simple-signing payload is a few hundred bytes; a "signature" layer larger than this is not read. */
    static final long MAX_PAYLOAD_BYTES = 1L << 20;

    private final RegistryClient.Access access;

    public ImageSigner(RegistryClient.Access access) {
        this.access = access;
    }

    /**
     * The image at the digest {@code ref} names, or the digest its tag points at now.
     *
     * @throws RegistryException when the registry cannot be read or has no such tag
     */
    public ImageReference resolve(ImageReference ref) {
        return resolve(RegistryClient.of(ref, false, access), ref);
    }

    private static ImageReference resolve(RegistryClient client, ImageReference ref) {
        if (ref.digest() != null) {
            return ref.atDigest(ref.digest());
        }
        RegistryClient.Manifest m = client.manifest(ref.tag());
        if (m == null) {
            throw new RegistryException(
                    "registry " + ref.registry() + " has no tag " + ref.tag() + " in " + ref.repository());
        }
        return ref.atDigest(m.digest());
    }

    /**
     * Signs the image {@code ref} names (its tag resolved first) and stores the signature beside it; an identical
     * signature already there (same payload, verifying with this key) is kept and no layer is added, as cosign does.
     */
    public ImageSignature sign(ImageReference ref, SigningKey key) {
        RegistryClient client = RegistryClient.of(ref, true, access);
        ImageReference image = resolve(client, ref);
        if (ref.digest() != null && !client.hasManifest(ref.digest())) {
            throw new RegistryException("registry " + ref.registry() + " has no image " + ref.digest() + " in "
                    + ref.repository() + "; refusing to sign a digest that is not there");
        }
        byte[] payload = SimpleSigningPayload.of(image).toBytes();
        String payloadDigest = RegistryClient.sha256(payload);
        String tag = ImageReference.attachmentTag(image.digest(), "sig");
        String b64 = BlobSignature.encode(key.sign(payload));
        AttachedImage.Stored stored = AttachedImage.add(client, tag, new AttachedImage.Addition() {
            @Override
            public AttachedImage.Layer find(AttachedImage image) {
                // cosign's duplicate check: this payload, signed by this key, is already there
                return image.layers().stream()
                        .filter(l -> l.mediaType().equals(SimpleSigningPayload.MEDIA_TYPE)
                                && l.digest().equals(payloadDigest)
                                && l.annotation(SIGNATURE_ANNOTATION) != null
                                && verifies(key.publicKey(), payload, l.annotation(SIGNATURE_ANNOTATION)))
                        .findFirst()
                        .orElse(null);
            }

            @Override
            public void appendTo(AttachedImage image) {
                image.append(payload, SimpleSigningPayload.MEDIA_TYPE, Map.of(SIGNATURE_ANNOTATION, b64));
            }
        });
        return result(ref, image, payload, stored.layer().annotation(SIGNATURE_ANNOTATION), key, tag, stored.added());
    }

    private static ImageSignature result(
            ImageReference ref,
            ImageReference image,
            byte[] payload,
            String b64,
            SigningKey key,
            String tag,
            boolean added) {
        return new ImageSignature(
                image.toString(),
                image.repositoryName(),
                image.digest(),
                ref.digest() == null ? ref.tag() : null,
                payload,
                b64,
                key.algorithm().name(),
                key.publicKey().fingerprint(),
                image.repositoryName() + ":" + tag,
                added);
    }

    /**
     * Every signature stored for the image {@code ref} names (its tag resolved first), each checked as
     * {@code cosign verify --key} checks it, and for the repository too: the signature verifies with {@code key}
     * over the payload, which is a cosign container image signature naming this digest and this repository.
     *
     * @throws RegistryException when the registry cannot be read
     */
    public ImageVerification verify(ImageReference ref, VerificationKey key) {
        RegistryClient client = RegistryClient.of(ref, false, access);
        ImageReference image = resolve(client, ref);
        String tag = ImageReference.attachmentTag(image.digest(), "sig");
        AttachedImage sigs = AttachedImage.read(client, tag);
        List<ImageVerification.Checked> checked = new ArrayList<>();
        for (AttachedImage.Layer l : sigs == null ? List.<AttachedImage.Layer>of() : sigs.layers()) {
            checked.add(new ImageVerification.Checked(l.digest(), check(client, l, image, key)));
        }
        return new ImageVerification(image, image.repositoryName() + ":" + tag, checked);
    }

    private static String check(
            RegistryClient client, AttachedImage.Layer l, ImageReference image, VerificationKey key) {
        if (!l.mediaType().equals(SimpleSigningPayload.MEDIA_TYPE)) {
            return "layer of media type '" + l.mediaType() + "', not a simple signing payload";
        }
        String b64 = l.annotation(SIGNATURE_ANNOTATION);
        if (b64 == null || b64.isEmpty()) {
            return "no " + SIGNATURE_ANNOTATION + " annotation";
        }
        if (!l.digest().matches("sha256:[0-9a-f]{64}")) {
            return "layer digest is not sha256";
        }
        if (l.size() < 0 || l.size() > MAX_PAYLOAD_BYTES) {
            return "payload of " + l.size() + " bytes is not a simple signing payload (at most " + MAX_PAYLOAD_BYTES
                    + ")";
        }
        return problem(client.blob(l.digest(), MAX_PAYLOAD_BYTES), b64, key, image.repositoryName(), image.digest());
    }

    /**
     * Why a stored signature does not stand for image {@code digest} of {@code repository} under {@code key}, or null
     * when it does: the signature must verify over the payload, which must be a cosign container image signature
     * naming that digest and that repository. The bundle's offline check asks the same question.
     */
    public static String problem(
            byte[] payload, String signatureBase64, VerificationKey key, String repository, String digest) {
        if (!verifies(key, payload, signatureBase64)) {
            return "signature does not verify with key " + key.fingerprint();
        }
        SimpleSigningPayload p;
        try {
            p = SimpleSigningPayload.parse(payload, "payload");
        } catch (IllegalArgumentException e) {
            return e.getMessage();
        }
        if (!p.manifestDigest().equals(digest)) {
            return "payload names another image digest, " + p.manifestDigest();
        }
        if (!repository.equals(p.repositoryName())) {
            return "payload names another repository, " + p.dockerReference();
        }
        return null;
    }

    private static boolean verifies(VerificationKey key, byte[] payload, String b64) {
        try {
            return key.verify(payload, BlobSignature.decode(b64, "signature"));
        } catch (SigningException e) {
            return false;
        }
    }

    /**
     * Attaches {@code envelope}, a DSSE envelope of an in-toto statement one of whose subjects is the image, as
     * {@code cosign attest} does: a layer of media type {@value #DSSE_MEDIA_TYPE} of the image tagged
     * {@code sha256-<hex>.att}, annotated with the statement's {@code predicateType}. Returns that tag.
     */
    public String attach(ImageReference image, Dsse.Envelope envelope) {
        if (image.digest() == null) {
            throw new IllegalArgumentException(image + " names no digest: attestations are attached to a digest");
        }
        var statement = envelope.payloadJson();
        String hex = image.digest().substring("sha256:".length());
        boolean about = false;
        for (var s : statement.path("subject")) {
            about |= hex.equals(s.path("digest").path("sha256").asText());
        }
        if (!about) {
            throw new IllegalArgumentException("the attestation has no subject with the digest of " + image
                    + "; cosign verify-attestation would reject it");
        }
        RegistryClient client = RegistryClient.of(image, true, access);
        String tag = ImageReference.attachmentTag(image.digest(), "att");
        byte[] layer = envelope.toJson().getBytes(java.nio.charset.StandardCharsets.UTF_8);
        String layerDigest = RegistryClient.sha256(layer);
        Map<String, String> annotations = new LinkedHashMap<>();
        annotations.put(SIGNATURE_ANNOTATION, "");
        annotations.put("predicateType", statement.path("predicateType").asText());
        AttachedImage.add(client, tag, new AttachedImage.Addition() {
            @Override
            public AttachedImage.Layer find(AttachedImage image) {
                return image.layers().stream()
                        .filter(l -> l.digest().equals(layerDigest))
                        .findFirst()
                        .orElse(null);
            }

            @Override
            public void appendTo(AttachedImage image) {
                image.append(layer, DSSE_MEDIA_TYPE, annotations);
            }
        });
        return image.repositoryName() + ":" + tag;
    }
}
