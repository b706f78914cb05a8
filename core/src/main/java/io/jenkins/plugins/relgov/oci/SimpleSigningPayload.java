package io.jenkins.plugins.relgov.oci;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * What a cosign image signature signs: the "simple signing" payload of containers/image
 * ({@code containers-signature(5)}) as sigstore writes it,
 * {@code {"critical":{"identity":{"docker-reference":REPO},"image":{"docker-manifest-digest":DIGEST},
 * "type":"cosign container image signature"},"optional":null}} — the same bytes {@code cosign sign} signs for
 * the same image, field order and {@code null} included.
 *
 * @param dockerReference the repository the signer named ({@code registry/repository}; cosign also accepts a tag or
 *                        digest after it)
 * @param manifestDigest  the signed manifest's digest, {@code sha256:<hex>}
 */
public record SimpleSigningPayload(String dockerReference, String manifestDigest) {
    public static final String MEDIA_TYPE = "application/vnd.dev.cosign.simplesigning.v1+json";
    public static final String TYPE = "cosign container image signature";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** The payload for {@code image}, which must name a digest. */
    public static SimpleSigningPayload of(ImageReference image) {
        if (image.digest() == null) {
            throw new IllegalArgumentException(image + " names no digest: resolve the tag first");
        }
        return new SimpleSigningPayload(image.repositoryName(), image.digest());
    }

    public byte[] toBytes() {
        ObjectNode root = JSON.createObjectNode();
        ObjectNode critical = root.putObject("critical");
        critical.putObject("identity").put("docker-reference", dockerReference);
        critical.putObject("image").put("docker-manifest-digest", manifestDigest);
        critical.put("type", TYPE);
        root.putNull("optional");
        return root.toString().getBytes(StandardCharsets.UTF_8);
    }

    /**
     * Reads a payload; {@code source} names it in the error.
     *
     * @throws IllegalArgumentException when it is not JSON or not a cosign container image signature
     */
    public static SimpleSigningPayload parse(byte[] bytes, String source) {
        JsonNode root;
        try {
            root = JSON.readTree(bytes);
        } catch (IOException e) {
            throw new IllegalArgumentException(source + ": the payload is not JSON");
        }
        JsonNode critical = root == null ? JSON.missingNode() : root.path("critical");
        if (!TYPE.equals(critical.path("type").asText(null))) {
            throw new IllegalArgumentException(source + ": critical.type is not '" + TYPE + "'");
        }
        String ref = critical.path("identity").path("docker-reference").asText("");
        String digest = critical.path("image").path("docker-manifest-digest").asText("");
        if (ref.isEmpty() || digest.isEmpty()) {
            throw new IllegalArgumentException(source
                    + ": critical.identity.docker-reference or critical.image.docker-manifest-digest is missing");
        }
        return new SimpleSigningPayload(ref, digest);
    }

    /**
     * The repository the payload names ({@code docker-reference} without a tag or digest), or null when it is not
     * a reference at all.
     */
    public String repositoryName() {
        try {
            return ImageReference.parse(dockerReference).repositoryName();
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
