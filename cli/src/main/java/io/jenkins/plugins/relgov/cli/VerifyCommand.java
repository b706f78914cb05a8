package io.jenkins.plugins.relgov.cli;

import io.jenkins.plugins.relgov.evidence.BundleFormatException;
import io.jenkins.plugins.relgov.evidence.BundleVerifier;
import io.jenkins.plugins.relgov.evidence.VerificationReport;
import io.jenkins.plugins.relgov.policy.LoadedPolicy;
import io.jenkins.plugins.relgov.policy.PolicyException;
import io.jenkins.plugins.relgov.policy.PolicyLoader;
import io.jenkins.plugins.relgov.policy.ShippedPolicies;
import io.jenkins.plugins.relgov.signing.SigningException;
import io.jenkins.plugins.relgov.signing.VerificationKey;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code relgov verify}: the auditor's offline check of an evidence bundle. */
@Command(name = "verify", mixinStandardHelpOptions = true,
        description = {"Verifies a release evidence bundle offline: zip safety, the signed seal, the ledger's hash chain,",
                "every file digest, every signature and attestation, the summary, and (with --policy) approvals and evidence."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:valid", "1:invalid (each problem names the file, line or ledger event)",
                "2:unusable input (not a zip, truncated, unsafe entry names, limits exceeded, unreadable key or policy)"})
public final class VerifyCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "BUNDLE.zip", description = "the evidence bundle")
    Path bundle;

    @Option(names = "--key", paramLabel = "pub.pem",
            description = "the trusted public key (PEM); without it the key inside the bundle is used, which proves integrity but not who signed")
    Path key;

    @Option(names = "--policy", paramLabel = "FILE",
            description = "a policy file (YAML/JSON), or the name of a shipped policy, to check approvals and required evidence against")
    String policy;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        try {
            VerificationKey trusted = key == null ? null : VerificationKey.read(key);
            LoadedPolicy loaded = policy == null ? null : loadPolicy(policy);
            if (!Files.isRegularFile(bundle)) {
                err.println("relgov verify: " + bundle + ": no such file");
                return 2;
            }
            VerificationReport report = BundleVerifier.verify(bundle, new BundleVerifier.Options(trusted, loaded, null));
            out.print(report.render());
            out.flush();
            return report.valid() ? 0 : 1;
        } catch (BundleFormatException | SigningException | PolicyException | IllegalArgumentException e) {
            err.println("relgov verify: " + e.getMessage());
            return 2;
        } catch (IOException | UncheckedIOException e) {
            err.println("relgov verify: cannot read " + bundle + ": " + e.getMessage());
            return 2;
        }
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
