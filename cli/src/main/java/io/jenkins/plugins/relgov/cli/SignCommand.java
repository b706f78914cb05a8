package io.jenkins.plugins.relgov.cli;

import io.jenkins.plugins.relgov.signing.SignatureFiles;
import io.jenkins.plugins.relgov.signing.SigningException;
import io.jenkins.plugins.relgov.signing.SigningKey;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;
import picocli.CommandLine.Model.UsageMessageSpec;

/**
 * {@code relgov sign}: detached signatures in cosign's blob format, verifiable with openssl.
 *
 * <p>Declared through picocli's programmatic API, as {@code verify} and the root command are, not its annotations:
 * the JVM makes a class for every annotation type picocli reads, which was about 20 ms of every start (issue 17,
 * benchmarks/README.md). The other commands, which no one runs a thousand times, keep the annotations.
 */
public final class SignCommand implements Callable<Integer> {
    private final CommandSpec spec = CommandSpec.wrapWithoutInspection(this).name("sign");

    private final OptionSpec bundle = OptionSpec.builder("--bundle")
            .type(boolean.class)
            .description(
                    "also write FILE.sigstore.json: the same signature as a key-based Sigstore bundle v0.3"
                            + " (public-key hint, no certificate, no transparency log), as 'cosign sign-blob --bundle' names it")
            .build();

    private final PositionalParamSpec files = PositionalParamSpec.builder()
            .arity("1..*")
            .required(true)
            .paramLabel("FILE")
            .type(List.class)
            .auxiliaryTypes(Path.class)
            .description("files to sign")
            .build();

    private SignCommand() {
        spec.usageMessage()
                .description(
                        "Signs each FILE and writes FILE.sig: the base64 signature, as 'cosign sign-blob --key' writes it;"
                                + " with --bundle also FILE.sigstore.json, a Sigstore bundle that cosign and sigstore-js verify with the public key.",
                        "Every FILE is checked and signed before any FILE.sig is written; each is then replaced whole (an"
                                + " existing FILE.sig link is replaced, never followed), and if one cannot be written none is changed.",
                        "Check one with: base64 -d FILE.sig > sig.der && openssl dgst -sha256 -verify pub.pem -signature sig.der FILE")
                .exitCodeListHeading("%nExit codes:%n")
                .exitCodeList(UsageMessageSpec.keyValuesMap(
                        "0:all files signed", "2:unusable input (key, password or file)"));
        PrivateKeyOptions.addTo(spec);
        spec.addOption(bundle);
        spec.addPositional(files);
        StandardHelp.addTo(spec);
    }

    /** The command, for picocli. */
    static CommandSpec spec() {
        return new SignCommand().spec;
    }

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        PrivateKeyOptions key = PrivateKeyOptions.of(spec);
        List<Path> files = this.files.getValue();
        try {
            // the files are read while the key loads (SignatureFiles), so it is loaded when signing asks for it
            List<Path> written = SignatureFiles.signAll(key::loaded, files, Boolean.TRUE.equals(bundle.getValue()));
            SigningKey signingKey = key.loaded();
            for (Path sig : written) {
                out.println(sig + "  (" + signingKey.algorithm() + ", key "
                        + signingKey.publicKey().fingerprint() + ")");
            }
            return 0;
        } catch (SigningException | IllegalArgumentException | IOException e) {
            err.println("relgov sign: " + e.getMessage());
            return 2;
        }
    }
}
