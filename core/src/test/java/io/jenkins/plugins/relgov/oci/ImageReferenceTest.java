package io.jenkins.plugins.relgov.oci;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** References read as docker and go-containerregistry read them, so the signed repository name is cosign's. */
class ImageReferenceTest {
    private static final String D = "sha256:" + "0123456789abcdef".repeat(4);

    @Test
    void aRegistryWithAPortAndADigest() {
        ImageReference r = ImageReference.parse("127.0.0.1:5000/team/app@" + D);
        assertThat(r.registry()).isEqualTo("127.0.0.1:5000");
        assertThat(r.repository()).isEqualTo("team/app");
        assertThat(r.tag()).isNull();
        assertThat(r.digest()).isEqualTo(D);
        assertThat(r.repositoryName()).isEqualTo("127.0.0.1:5000/team/app");
        assertThat(r).hasToString("127.0.0.1:5000/team/app@" + D);
    }

    @Test
    void dockerHubNamesAreCompletedAsCosignCompletesThem() {
        assertThat(ImageReference.parse("nginx").repositoryName()).isEqualTo("index.docker.io/library/nginx");
        assertThat(ImageReference.parse("nginx").tag()).isEqualTo("latest");
        assertThat(ImageReference.parse("docker.io/acme/app:v1").repositoryName())
                .isEqualTo("index.docker.io/acme/app");
        assertThat(ImageReference.parse("acme/app:v1").registry()).isEqualTo("index.docker.io");
        assertThat(ImageReference.parse("localhost/app:v1").registry()).isEqualTo("localhost");
        assertThat(ImageReference.parse("ghcr.io/acme/app:v1.2.3").repositoryName())
                .isEqualTo("ghcr.io/acme/app");
    }

    @Test
    void aTagAndADigestTogetherSignTheDigest() {
        ImageReference r = ImageReference.parse("registry.example:443/acme/app:v1@" + D);
        assertThat(r.tag()).isEqualTo("v1");
        assertThat(r.atDigest(r.digest())).hasToString("registry.example:443/acme/app@" + D);
    }

    @Test
    void theSignatureTagIsCosigns() {
        assertThat(ImageReference.attachmentTag(D, "sig")).isEqualTo("sha256-" + D.substring(7) + ".sig");
        assertThat(ImageReference.attachmentTag(D, "att")).isEqualTo("sha256-" + D.substring(7) + ".att");
    }

    @Test
    void badReferencesAreNamed() {
        assertThatThrownBy(() -> ImageReference.parse("registry.example/Acme/App:v1"))
                .hasMessageContaining("repository 'Acme/App' is not a valid name");
        assertThatThrownBy(() -> ImageReference.parse("registry.example/app@sha256:abc"))
                .hasMessageContaining("the digest must be sha256: followed by 64 lowercase hex digits");
        assertThatThrownBy(() -> ImageReference.parse("registry.example/app@sha512:" + "a".repeat(128)))
                .hasMessageContaining("sha256");
        assertThatThrownBy(() -> ImageReference.parse("registry.example/app:bad tag"))
                .hasMessageContaining("tag 'bad tag' is not valid");
        assertThatThrownBy(() -> ImageReference.parse("registry.example/../etc:v1"))
                .hasMessageContaining("is not a valid name");
        assertThatThrownBy(() -> ImageReference.parse(" ")).hasMessageContaining("no image reference given");
    }
}
