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
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;
import picocli.CommandLine.Model.UsageMessageSpec;

/**
 * {@code relgov verify}: the auditor's offline check of an evidence bundle. Declared through picocli's programmatic API,
 * as {@link SignCommand} says why.
 */
public final class VerifyCommand implements Callable<Integer> {
    static final int VALID = 0;
    static final int INVALID = 1;
    static final int UNUSABLE = 2;
    static final int SIGNER_NOT_ESTABLISHED = 3;

    private final CommandSpec spec = CommandSpec.wrapWithoutInspection(this).name("verify");

    private final PositionalParamSpec bundle = PositionalParamSpec.builder()
            .index("0")
            .required(true)
            .paramLabel("BUNDLE.zip")
            .type(Path.class)
            .description("the evidence bundle")
            .build();

    private final OptionSpec key = OptionSpec.builder("--key")
            .paramLabel("pub.pem")
            .type(Path.class)
            .description("the trusted public key (PEM); without it the key inside the bundle is used, which proves"
                    + " integrity but not who signed (exit code 3)")
            .build();

    private final OptionSpec policy = OptionSpec.builder("--policy")
            .paramLabel("FILE")
            .type(String.class)
            .description("a policy file (YAML/JSON), or the name of a shipped policy, to check approvals and required"
                    + " evidence against")
            .build();

    private final OptionSpec tsaCert = OptionSpec.builder("--tsa-cert")
            .paramLabel("tsa.pem")
            .type(Path.class)
            .description("the time-stamping authority's certificate, or its CA's, that you trust (PEM, one or more):"
                    + " the seal's trusted timestamp must chain to it; without it the timestamp is checked for"
                    + " integrity only (a warning)")
            .build();

    private final OptionSpec json = OptionSpec.builder("--json")
            .type(boolean.class)
            .description("print every check, finding and the release's story as JSON (schema: docs/auditor-guide.md)")
            .build();

    private VerifyCommand() {
        spec.usageMessage()
                .description(
                        "Verifies a release evidence bundle offline: zip safety, the signed seal, the ledger's hash chain,",
                        "every file digest, every signature and attestation, the summary, and (with --policy) approvals and evidence.",
                        "Also that the Sigstore bundles hold the recorded signatures, that the seal's trusted timestamp (RFC 3161) verifies",
                        "(against --tsa-cert), and that each release decision (SLSA VSA) is what the ledger says for its environment.",
                        "Then tells the release's story: who approved, deployed or rolled back and why, post-hoc reviews, controls covered.")
                .exitCodeListHeading("%nExit codes:%n")
                .exitCodeList(UsageMessageSpec.keyValuesMap(
                        "0:valid: intact and sealed by the trusted key (--key)",
                        "1:invalid (each problem names the file, line or ledger event)",
                        "2:unusable input (not a zip, truncated, unsafe entries, data outside the seal, limits exceeded, unreadable key or policy)",
                        "3:intact, but the signer is not established: no --key was given"));
        spec.addPositional(bundle);
        spec.addOption(key);
        spec.addOption(policy);
        spec.addOption(tsaCert);
        spec.addOption(json);
        StandardHelp.addTo(spec);
    }

    /** The command, for picocli. */
    static CommandSpec spec() {
        return new VerifyCommand().spec;
    }

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Path bundle = this.bundle.getValue();
        Path key = this.key.getValue();
        String policy = this.policy.getValue();
        Path tsaCert = this.tsaCert.getValue();
        boolean json = Boolean.TRUE.equals(this.json.getValue());
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
