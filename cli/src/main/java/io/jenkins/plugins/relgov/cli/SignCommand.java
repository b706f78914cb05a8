package io.jenkins.plugins.relgov.cli;

import io.jenkins.plugins.relgov.signing.SignatureFiles;
import io.jenkins.plugins.relgov.signing.SigningException;
import io.jenkins.plugins.relgov.signing.SigningKey;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code relgov sign}: detached signatures in cosign's blob format, verifiable with openssl. */
@Command(
        name = "sign",
        mixinStandardHelpOptions = true,
        description = {
            "Signs each FILE and writes FILE.sig: the base64 signature, as 'cosign sign-blob --key' writes it;"
                    + " with --bundle also FILE.sigstore.json, a Sigstore bundle that cosign and sigstore-js verify with the public key.",
            "Every FILE is checked and signed before any FILE.sig is written; each is then replaced whole (an"
                    + " existing FILE.sig link is replaced, never followed), and if one cannot be written none is changed.",
            "Check one with: base64 -d FILE.sig > sig.der && openssl dgst -sha256 -verify pub.pem -signature sig.der FILE"
        },
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:all files signed", "2:unusable input (key, password or file)"})
public final class SignCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    PrivateKeyOptions key;

    @Option(
            names = "--bundle",
            description =
                    "also write FILE.sigstore.json: the same signature as a key-based Sigstore bundle v0.3"
                            + " (public-key hint, no certificate, no transparency log), as 'cosign sign-blob --bundle' names it")
    boolean bundle;

    @Parameters(arity = "1..*", paramLabel = "FILE", description = "files to sign")
    List<Path> files;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        try {
            // the files are read while the key loads (SignatureFiles), so it is loaded when signing asks for it
            List<Path> written = SignatureFiles.signAll(key::loaded, files, bundle);
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
