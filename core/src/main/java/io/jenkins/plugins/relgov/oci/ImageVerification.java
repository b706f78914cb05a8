package io.jenkins.plugins.relgov.oci;

import java.util.List;

/**
 * What {@link ImageSigner#verify} found for one image: every signature layer stored for its digest and whether it
 * verified, or why not.
 *
 * @param image      the image by digest
 * @param tag        where the signatures were looked for ({@code registry/repository:sha256-<hex>.sig})
 * @param signatures each layer of that image, in order; empty when the image is unsigned
 */
public record ImageVerification(ImageReference image, String tag, List<Checked> signatures) {
    public ImageVerification {
        signatures = List.copyOf(signatures);
    }

    /** One stored signature: its layer digest and, when it does not verify, why (null when it does). */
    public record Checked(String layerDigest, String problem) {
        public boolean verified() {
            return problem == null;
        }
    }

    /** True when at least one signature on this exact digest verifies with the key and names this repository. */
    public boolean verified() {
        return signatures.stream().anyMatch(Checked::verified);
    }
}
