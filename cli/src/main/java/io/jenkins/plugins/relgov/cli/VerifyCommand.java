package io.jenkins.plugins.relgov.cli;

import io.jenkins.plugins.relgov.FileNames;
import io.jenkins.plugins.relgov.evidence.BundleFormatException;
import io.jenkins.plugins.relgov.evidence.BundleVerifier;
import io.jenkins.plugins.relgov.evidence.VerificationJson;
import io.jenkins.plugins.relgov.evidence.VerificationReport;
import io.jenkins.plugins.relgov.policy.LoadedPolicy;
import io.jenkins.plugins.relgov.policy.PolicyException;
import io.jenkins.plugins.relgov.policy.PolicyLoader;
import io.jenkins.plugins.relgov.policy.ShippedPolicies;
import io.jenkins.plugins.relgov.signing.SigningException;
import io.jenkins.plugins.relgov.signing.TimestampToken;
import io.jenkins.plugins.relgov.signing.VerificationKey;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code relgov verify}: the auditor's offline check of an evidence bundle. */
@Command(
        name = "verify",
        mixinStandardHelpOptions = true,
        description = {
            "Verifies a release evidence bundle offline: zip safety, the signed seal, the ledger's hash chain,",
            "every file digest, every signature and attestation, the summary, and (with --policy) approvals and evidence.",
            "Also that the Sigstore bundles hold the recorded signatures, that the seal's trusted timestamp (RFC 3161) verifies",
            "(against --tsa-cert), and that each release decision (SLSA VSA) is what the ledger says for its environment.",
            "Then tells the release's story: who approved, deployed or rolled back and why, post-hoc reviews, controls covered."
        },
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:valid: intact and sealed by the trusted key (--key)",
            "1:invalid (each problem names the file, line or ledger event)",
            "2:unusable input (not a zip, truncated, unsafe entries, data outside the seal, limits exceeded, unreadable key or policy)",
            "3:intact, but the signer is not established: no --key was given"
        })
public final class VerifyCommand implements Callable<Integer> {
    static final int VALID = 0;
    static final int INVALID = 1;
    static final int UNUSABLE = 2;
    static final int SIGNER_NOT_ESTABLISHED = 3;

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "BUNDLE.zip", description = "the evidence bundle")
    Path bundle;

    @Option(
            names = "--key",
            paramLabel = "pub.pem",
            description =
                    "the trusted public key (PEM); without it the key inside the bundle is used, which proves integrity"
                            + " but not who signed (exit code 3)")
    Path key;

    @Option(
            names = "--policy",
            paramLabel = "FILE",
            description =
                    "a policy file (YAML/JSON), or the name of a shipped policy, to check approvals and required evidence against")
    String policy;

    @Option(
            names = "--tsa-cert",
            paramLabel = "tsa.pem",
            description =
                    "the time-stamping authority's certificate, or its CA's, that you trust (PEM, one or more):"
                            + " the seal's trusted timestamp must chain to it; without it the timestamp is checked for integrity only (a warning)")
    Path tsaCert;

    @Option(
            names = "--json",
            description = "print every check, finding and the release's story as JSON (schema: docs/auditor-guide.md)")
    boolean json;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        String name = FileNames.of(bundle);
        String error;
        try {
            VerificationKey trusted = key == null ? null : VerificationKey.read(key);
            LoadedPolicy loaded = policy == null ? null : loadPolicy(policy);
            List<X509Certificate> tsa = tsaCert == null
                    ? null
                    : TimestampToken.certificates(
                            InputFiles.read(tsaCert, "TSA certificate").getBytes(StandardCharsets.US_ASCII),
                            tsaCert.toString());
            if (!Files.isRegularFile(bundle)) {
                error = bundle + (Files.isDirectory(bundle) ? ": a folder, not a bundle" : ": no such file");
            } else {
                VerificationReport report =
                        BundleVerifier.verify(bundle, new BundleVerifier.Options(trusted, loaded, null, null, tsa));
                out.print(json ? VerificationJson.json(VerificationJson.tree(report)) + "\n" : report.render());
                out.flush();
                return switch (report.result()) {
                    case VALID -> VALID;
                    case INVALID -> INVALID;
                    case SIGNER_NOT_ESTABLISHED -> SIGNER_NOT_ESTABLISHED;
                };
            }
        } catch (BundleFormatException | SigningException | PolicyException | IllegalArgumentException e) {
            error = e.getMessage();
        } catch (IOException | UncheckedIOException e) {
            error = "cannot read " + bundle + ": " + e.getMessage();
        } catch (
                RuntimeException
                        e) { // a bug met by hostile input: still a plain refusal, never a stack trace or a success
            error = "cannot verify " + bundle + ": unexpected " + e.getClass().getSimpleName() + ": " + e.getMessage();
        }
        err.println("relgov verify: " + error);
        if (json) {
            out.println(VerificationJson.json(VerificationJson.unusable(name, error)));
        }
        out.flush();
        return UNUSABLE;
    }

    private static LoadedPolicy loadPolicy(String policy) {
        Path file = Path.of(policy);
        if (!Files.exists(file) && ShippedPolicies.isShipped(policy)) {
            return ShippedPolicies.loaded(policy);
        }
        if (!Files.isRegularFile(file)) {
            // said here: a read failure below would be reported as the bundle's
            throw new IllegalArgumentException("--policy '" + policy + "' is neither a shipped policy ("
                    + String.join(", ", ShippedPolicies.names()) + ") nor a file");
        }
        return PolicyLoader.load(file);
    }
}
