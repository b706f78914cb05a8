package io.jenkins.plugins.relgov.cli;

import io.jenkins.plugins.relgov.evidence.BundleAttestations;
import io.jenkins.plugins.relgov.evidence.BundleFormatException;
import io.jenkins.plugins.relgov.evidence.EvidenceException;
import io.jenkins.plugins.relgov.oci.DockerConfig;
import io.jenkins.plugins.relgov.oci.ImageReference;
import io.jenkins.plugins.relgov.oci.ImageSignature;
import io.jenkins.plugins.relgov.oci.ImageSigner;
import io.jenkins.plugins.relgov.oci.ImageVerification;
import io.jenkins.plugins.relgov.oci.RegistryClient;
import io.jenkins.plugins.relgov.oci.RegistryException;
import io.jenkins.plugins.relgov.signing.Dsse;
import io.jenkins.plugins.relgov.signing.SigningException;
import io.jenkins.plugins.relgov.signing.VerificationKey;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code relgov image}: container image signatures in the registry, in cosign's format. */
@Command(
        name = "image",
        mixinStandardHelpOptions = true,
        description = {
            "Signs and verifies container images in their registry as cosign does: the signature is stored beside the"
                    + " image under the tag sha256-<hex>.sig, so 'cosign verify --key' and admission controllers accept it."
        },
        subcommands = {ImageCommand.Sign.class, ImageCommand.Verify.class, ImageCommand.Attest.class})
public final class ImageCommand {

    /** How to reach the registry: the same options for every subcommand. */
    static final class Registry {
        @Option(
                names = "--allow-http-registry",
                description = "reach the registry (and its token service) over plain HTTP,"
                        + " e.g. a registry on localhost; without it only HTTPS is used")
        boolean allowHttp;

        @Option(
                names = "--docker-config",
                paramLabel = "DIR",
                description =
                        "folder of Docker's config.json with the registry"
                                + " credentials (default: $DOCKER_CONFIG, else ~/.docker); credential helpers are run from the PATH")
        Path dockerConfig;

        @Option(
                names = "--timeout",
                paramLabel = "SECONDS",
                defaultValue = "30",
                description = "longest wait for one registry answer, body included (default: ${DEFAULT-VALUE})")
        long timeoutSeconds;

        ImageSigner signer(ImageReference ref) {
            if (timeoutSeconds < 1 || timeoutSeconds > 3600) {
                throw new IllegalArgumentException("--timeout must be 1 to 3600 seconds");
            }
            Path file = dockerConfig == null ? DockerConfig.defaultLocation() : dockerConfig.resolve("config.json");
            var creds = DockerConfig.read(file).credentialsFor(ref.registry()).orElse(null);
            return new ImageSigner(new RegistryClient.Access(creds, allowHttp, Duration.ofSeconds(timeoutSeconds)));
        }

        String cosignFlags() {
            return " --insecure-ignore-tlog=true" + (allowHttp ? " --allow-http-registry" : "");
        }
    }

    /** What every subcommand has: the image, the registry options, and exit 2 for unusable input or registry. */
    abstract static class OnImage implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Mixin
        Registry registry;

        @Parameters(paramLabel = "REF", description = "REGISTRY/REPOSITORY@sha256:DIGEST, or :TAG")
        String ref;

        /** Runs on the parsed image; returns the exit code. */
        abstract int run(ImageReference image, PrintWriter out, PrintWriter err) throws IOException;

        @Override
        public Integer call() {
            PrintWriter err = spec.commandLine().getErr();
            try {
                return run(ImageReference.parse(ref), spec.commandLine().getOut(), err);
            } catch (SigningException
                    | IllegalArgumentException
                    | RegistryException
                    | BundleFormatException
                    | IOException e) {
                err.println(spec.qualifiedName() + ": " + e.getMessage());
                return 2;
            }
        }

        static VerificationKey publicKey(Path key) {
            return VerificationKey.parse(InputFiles.read(key, "public key"), key.toString());
        }
    }

    @Command(
            name = "sign",
            mixinStandardHelpOptions = true,
            description = {
                "Signs the image REF names and stores the signature in its registry exactly where and how"
                        + " 'cosign sign --key' does. A tag is resolved to its digest first; the digest is what gets signed.",
                "Signing again adds a signature and never drops one. Credentials come from Docker's config.json."
            },
            exitCodeListHeading = "%nExit codes:%n",
            exitCodeList = {
                "0:signed (or this very signature was already there)",
                "2:unusable input, or the registry could not be read or written"
            })
    static final class Sign extends OnImage {
        @Mixin
        PrivateKeyOptions key;

        @Override
        int run(ImageReference image, PrintWriter out, PrintWriter err) {
            ImageSignature s = registry.signer(image).sign(image, key.load());
            out.println((s.added() ? "signed " : "already signed ")
                    + s.image()
                    + (s.tag() == null ? "" : "  (tag " + s.tag() + ")"));
            out.println(
                    "  signature  " + s.signatureTag() + "  (" + s.algorithm() + ", key " + s.keyFingerprint() + ")");
            out.println("  payload    " + s.payloadDigest());
            out.println("Check with: cosign verify --key PUB.pem" + registry.cosignFlags() + " " + s.image());
            return 0;
        }
    }

    @Command(
            name = "verify",
            mixinStandardHelpOptions = true,
            description = {
                "Verifies that a signature stored for the image REF names (a tag is resolved first) verifies with"
                        + " the public key over a cosign payload naming that exact digest and repository: what 'cosign verify --key'"
                        + " checks, and the repository too."
            },
            exitCodeListHeading = "%nExit codes:%n",
            exitCodeList = {
                "0:a signature verifies",
                "1:no signature verifies (unsigned, another key, a payload naming another digest" + " or repository)",
                "2:unusable input, or the registry could not be read"
            })
    static final class Verify extends OnImage {
        @Option(names = "--key", required = true, paramLabel = "PUB.pem", description = "the signer's PEM public key")
        Path key;

        @Override
        int run(ImageReference image, PrintWriter out, PrintWriter err) {
            VerificationKey pub = publicKey(key);
            ImageVerification v = registry.signer(image).verify(image, pub);
            if (v.verified()) {
                long good = v.signatures().stream()
                        .filter(ImageVerification.Checked::verified)
                        .count();
                out.println("verified " + v.image() + ": " + good + " of "
                        + v.signatures().size() + " signature(s) in " + v.tag() + " verify with key "
                        + pub.fingerprint());
                return 0;
            }
            out.println("NOT verified " + v.image() + ": "
                    + (v.signatures().isEmpty()
                            ? "no signature stored at " + v.tag()
                            : "no signature in " + v.tag() + " verifies with key " + pub.fingerprint()));
            for (ImageVerification.Checked c : v.signatures()) {
                out.println("  " + c.layerDigest() + ": " + c.problem());
            }
            return 1;
        }
    }

    @Command(
            name = "attest",
            mixinStandardHelpOptions = true,
            description = {
                "Attaches a sealed release's governance attestation (the approvals, gates and evidence, signed in a DSSE"
                        + " envelope) beside the image REF names, as 'cosign attest --key' attaches one (tag sha256-<hex>.att), so"
                        + " an admission controller can require the approvals, not just a signature.",
                "The bundle must verify with the trusted key, and only its attestations whose subjects include the image's"
                        + " digest and whose own signature verifies with that key are attached."
            },
            exitCodeListHeading = "%nExit codes:%n",
            exitCodeList = {
                "0:attached (or already there)",
                "1:the bundle does not verify with the key, or has no attestation" + " about this image",
                "2:unusable input, or the registry could not be read or written"
            })
    static final class Attest extends OnImage {
        @Option(
                names = "--bundle",
                required = true,
                paramLabel = "BUNDLE.zip",
                description = "the release's sealed evidence bundle")
        Path bundle;

        @Option(
                names = "--key",
                required = true,
                paramLabel = "PUB.pem",
                description = "the public key the bundle must be sealed with")
        Path key;

        @Override
        int run(ImageReference image, PrintWriter out, PrintWriter err) throws IOException {
            if (!java.nio.file.Files.isRegularFile(bundle)) {
                throw new IllegalArgumentException("bundle " + bundle + ": no such file");
            }
            VerificationKey pub = publicKey(key);
            ImageSigner signer = registry.signer(image);
            ImageReference at = signer.resolve(image);
            List<Dsse.Envelope> envelopes;
            try {
                envelopes = BundleAttestations.about(bundle, at.digest().substring("sha256:".length()), pub);
            } catch (BundleFormatException e) {
                throw e;
            } catch (EvidenceException e) { // the bundle's verdict: not valid with this key
                err.println("relgov image attest: " + e.getMessage());
                return 1;
            }
            if (envelopes.isEmpty()) {
                err.println("relgov image attest: " + bundle + " has no attestation about " + at);
                return 1;
            }
            for (Dsse.Envelope env : envelopes) {
                out.println("attached "
                        + env.payloadJson().path("predicateType").asText() + " to " + signer.attach(at, env));
            }
            out.println("Check with: cosign verify-attestation --key PUB.pem" + registry.cosignFlags() + " --type "
                    + envelopes.get(0).payloadJson().path("predicateType").asText() + " " + at);
            return 0;
        }
    }
}
