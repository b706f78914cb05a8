package io.jenkins.plugins.relgov.cli;

import io.jenkins.plugins.relgov.evidence.BundleFormatException;
import io.jenkins.plugins.relgov.evidence.BundleVerifier;
import io.jenkins.plugins.relgov.evidence.Finding;
import io.jenkins.plugins.relgov.evidence.OscalAssessmentResults;
import io.jenkins.plugins.relgov.evidence.VerificationReport;
import io.jenkins.plugins.relgov.signing.SigningException;
import io.jenkins.plugins.relgov.signing.VerificationKey;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code relgov report}: a verified evidence bundle in a format other tools import. */
@Command(
        name = "report",
        mixinStandardHelpOptions = true,
        description = {
            "Writes a verified evidence bundle as an OSCAL 1.1 assessment-results document (JSON) for GRC tools:",
            "one result for the release, a finding per control of its policy (satisfied or not, with what is missing),",
            "the bundle's files with their SHA-256 as the evidence. The same bundle always gives the same document."
        },
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:written; the bundle is intact and sealed by the trusted key (--key)",
            "1:nothing written: the bundle does not verify (run relgov verify for every problem)",
            "2:unusable input (not a zip, unsafe entries, unreadable key, cannot write the output)",
            "3:written, but the signer is not established: no --key was given (the document says so)"
        })
public final class ReportCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(
            names = "--oscal",
            required = true,
            paramLabel = "BUNDLE.zip",
            description = "the evidence bundle to describe in OSCAL")
    Path bundle;

    @Option(
            names = "--key",
            paramLabel = "pub.pem",
            description =
                    "the trusted public key (PEM); without it the document says the seal was checked only with the key"
                            + " inside the bundle (exit code 3)")
    Path key;

    @Option(
            names = {"-o", "--output"},
            paramLabel = "FILE",
            description = "where to write the document (default: standard output)")
    Path output;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        String error;
        try {
            VerificationKey trusted = key == null ? null : VerificationKey.read(key);
            if (!Files.isRegularFile(bundle)) {
                error = bundle + (Files.isDirectory(bundle) ? ": a folder, not a bundle" : ": no such file");
            } else {
                OscalAssessmentResults.Export export =
                        OscalAssessmentResults.export(bundle, new BundleVerifier.Options(trusted, null, null));
                VerificationReport r = export.verification();
                if (export.document() == null) {
                    List<Finding> problems = r.problems();
                    problems.stream().limit(5).forEach(p -> err.println("relgov report: " + p));
                    err.println("relgov report: " + bundle + " does not verify (" + problems.size()
                            + " problem(s)); no OSCAL" + " document written. Run relgov verify " + bundle
                            + " for the whole report.");
                    return VerifyCommand.INVALID;
                }
                byte[] document = OscalAssessmentResults.bytes(export.document());
                if (output == null) {
                    out.print(new String(document, StandardCharsets.UTF_8));
                    out.flush();
                } else {
                    Files.write(output, document);
                }
                if (r.result() == VerificationReport.Result.SIGNER_NOT_ESTABLISHED) {
                    err.println(
                            "relgov report: no --key given: the seal was checked only with the key inside the bundle ("
                                    + r.keyFingerprint() + "), so nothing shows who sealed it; the document says so");
                    return VerifyCommand.SIGNER_NOT_ESTABLISHED;
                }
                return VerifyCommand.VALID;
            }
        } catch (BundleFormatException | SigningException | IllegalArgumentException e) {
            error = e.getMessage();
        } catch (IOException | UncheckedIOException e) {
            error = "cannot read " + bundle + " or write " + (output == null ? "the document" : output) + ": "
                    + e.getMessage();
        }
        err.println("relgov report: " + error);
        return VerifyCommand.UNUSABLE;
    }
}
