package io.jenkins.plugins.relgov.plugin;

import hudson.AbortException;
import io.jenkins.plugins.relgov.oci.DockerConfig;
import io.jenkins.plugins.relgov.oci.ImageReference;
import io.jenkins.plugins.relgov.oci.ImageSignature;
import io.jenkins.plugins.relgov.oci.ImageSigner;
import io.jenkins.plugins.relgov.oci.RegistryClient;
import io.jenkins.plugins.relgov.oci.RegistryCredentials;
import io.jenkins.plugins.relgov.oci.RegistryException;
import io.jenkins.plugins.relgov.signing.Dsse;
import io.jenkins.plugins.relgov.signing.SigningException;
import io.jenkins.plugins.relgov.signing.SigningKey;
import java.io.File;
import java.io.IOException;
import java.io.Serializable;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import jenkins.security.MasterToSlaveCallable;

/**
 * Work on container images done from the agent, which is where a pipeline reaches its registry (network, Docker
 * credentials): signing an image in its registry and attaching attestations beside it, with core's
 * {@link ImageSigner}. Only the signature record ({@link ImageSignature}) and tag names travel back.
 */
final class AgentImages {

    private AgentImages() {}

    /**
     * How the agent reaches the registry: a Jenkins Username/Password credential (sent as {@code withCredentials}
     * sends secrets to agents), else Docker's {@code config.json} on the agent, read there ({@code $DOCKER_CONFIG}
     * of the build, else the agent user's {@code ~/.docker}; credential helpers from the build's PATH), else
     * anonymous.
     */
    record Registry(
            RegistryCredentials credentials, String dockerConfig, String path, boolean allowHttp, int timeoutSeconds)
            implements Serializable {
        private static final long serialVersionUID = 1L;

        /** Resolved on the agent. */
        RegistryClient.Access access(ImageReference image) {
            RegistryCredentials c = credentials;
            if (c == null) {
                Path file =
                        dockerConfig != null ? Path.of(dockerConfig, "config.json") : DockerConfig.defaultLocation();
                c = (path == null ? DockerConfig.read(file) : DockerConfig.read(file, searchPath(path)))
                        .credentialsFor(image.registry())
                        .orElse(null);
            }
            return new RegistryClient.Access(c, allowHttp, Duration.ofSeconds(timeoutSeconds));
        }

        private static List<Path> searchPath(String path) {
            return Arrays.stream(path.split(File.pathSeparator))
                    .filter(d -> !d.isEmpty())
                    .map(Path::of)
                    .toList();
        }

        @Override
        public String toString() { // never the password (RegistryCredentials hides it too)
            return "Registry[" + (credentials == null ? "docker config" : credentials.username()) + "]";
        }
    }

    /**
     * Signs the image (a tag is resolved to its digest first) and stores the signature beside it as cosign does.
     * The key text arrives with the callable and is cleared after use; it is never written to disk or logged.
     */
    static final class Sign extends MasterToSlaveCallable<ImageSignature, IOException> {
        private static final long serialVersionUID = 1L;
        private final String image;
        private final Registry registry;
        private final char[] pem;
        private final char[] password;
        private final String keySource;

        Sign(String image, Registry registry, char[] pem, char[] password, String keySource) {
            this.image = image;
            this.registry = registry;
            this.pem = pem;
            this.password = password;
            this.keySource = keySource;
        }

        @Override
        public ImageSignature call() throws IOException {
            try {
                ImageReference ref = ImageReference.parse(image);
                SigningKey key = SigningKey.parse(new String(pem), password, keySource);
                return new ImageSigner(registry.access(ref)).sign(ref, key);
            } catch (RegistryException | SigningException | IllegalArgumentException e) {
                // core's messages name the registry, image and request, never a credential or key material
                throw new AbortException(e.getMessage());
            } finally {
                Arrays.fill(pem, '\0');
                if (password != null) {
                    Arrays.fill(password, '\0');
                }
            }
        }
    }

    /** Attaches DSSE envelopes (JSON) beside the image, as {@code cosign attest} does; returns where. */
    static final class Attach extends MasterToSlaveCallable<ArrayList<String>, IOException> {
        private static final long serialVersionUID = 1L;
        private final String image;
        private final Registry registry;
        private final ArrayList<String> envelopes;

        Attach(String image, Registry registry, List<String> envelopes) {
            this.image = image;
            this.registry = registry;
            this.envelopes = new ArrayList<>(envelopes);
        }

        @Override
        public ArrayList<String> call() throws IOException {
            try {
                ImageReference ref = ImageReference.parse(image);
                ImageSigner signer = new ImageSigner(registry.access(ref));
                ArrayList<String> tags = new ArrayList<>();
                for (String json : envelopes) {
                    tags.add(signer.attach(ref, Dsse.Envelope.parse(json, "attestation")));
                }
                return tags;
            } catch (RegistryException | SigningException | IllegalArgumentException e) {
                throw new AbortException(e.getMessage());
            }
        }
    }
}
