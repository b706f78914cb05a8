package io.jenkins.plugins.relgov.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.relgov.evidence.ReleaseEvidence;
import io.jenkins.plugins.relgov.policy.ShippedPolicies;
import io.jenkins.plugins.relgov.signing.LocalTsa;
import io.jenkins.plugins.relgov.signing.OpenSsl;
import io.jenkins.plugins.relgov.signing.SigningKey;
import io.jenkins.plugins.relgov.signing.SigstoreJs;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code relgov sign --bundle} writes Sigstore bundles sigstore-js accepts; {@code relgov verify --tsa-cert} checks the seal's timestamp. */
class SigstoreCommandsTest {
    @TempDir
    Path dir;

    record Run(int exit, String out, String err) {
    }

    private static Run relgov(String... args) {
        var out = new StringWriter();
        var err = new StringWriter();
        int exit = new CommandLine(new Relgov()).setOut(new PrintWriter(out)).setErr(new PrintWriter(err)).execute(args);
        return new Run(exit, out.toString(), err.toString());
    }

    @Test
    void signWithBundleWritesASigstoreBundleThatSigstoreJsVerifies() throws Exception {
        OpenSsl.keyPair(dir, "ec", false);
        Path app = Files.writeString(dir.resolve("app.tar.gz"), "release bytes");
        Run r = relgov("sign", "--bundle", "--key", dir.resolve("key.pem").toString(), app.toString());
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).contains("app.tar.gz.sig").contains("app.tar.gz.sigstore.json");
        assertThat(SigstoreJs.verify(dir.resolve("app.tar.gz.sigstore.json"), dir.resolve("pub.pem"), app).out())
                .isEqualToIgnoringWhitespace("verified");
        assertThat(OpenSsl.sh(dir, "base64 -d app.tar.gz.sig > a.der && openssl dgst -sha256 -verify pub.pem -signature a.der app.tar.gz"))
                .contains("Verified OK");

        // all or nothing: a folder where the bundle should go means neither file is written
        Path other = Files.writeString(dir.resolve("other.bin"), "x");
        Files.createDirectory(dir.resolve("other.bin.sigstore.json"));
        Run refused = relgov("sign", "--bundle", "--key", dir.resolve("key.pem").toString(), other.toString());
        assertThat(refused.exit()).isEqualTo(2);
        assertThat(refused.err()).contains("other.bin.sigstore.json exists and is not a file");
        assertThat(dir.resolve("other.bin.sig")).doesNotExist();
    }

    @Test
    void verifyChecksTheSealsTimestampAgainstTheTsaCertificateGiven() throws Exception {
        OpenSsl.keyPair(dir, "ec", false);
        SigningKey key = SigningKey.read(dir.resolve("key.pem"), null);
        Path zip;
        try (LocalTsa tsa = LocalTsa.start(dir.resolve("tsa"), "CLI TSA"); LocalTsa other = LocalTsa.start(dir.resolve("other"), "Other TSA")) {
            var ev = ReleaseEvidence.start(new ReleaseEvidence.Release("shop", "v3.0.0", "patch"), ShippedPolicies.loaded("inopsio"),
                    "jenkins", java.time.Clock.systemUTC());
            ev.signArtifact(Files.writeString(dir.resolve("app.jar"), "jar"), key, true, "jenkins");
            zip = ev.seal(key, "jenkins", tsa.client()).writeTo(dir.resolve("out"));
            String pub = dir.resolve("pub.pem").toString();

            Run trusted = relgov("verify", zip.toString(), "--key", pub, "--tsa-cert", tsa.caPem().toString());
            assertThat(trusted.exit()).as(trusted.out() + trusted.err()).isZero();
            assertThat(trusted.out()).contains("ok       timestamp: the seal's signature was time-stamped at ")
                    .contains(" by CN=CLI TSA, a time-stamping authority you trust");

            Run untrusted = relgov("verify", zip.toString(), "--key", pub, "--tsa-cert", other.caPem().toString());
            assertThat(untrusted.exit()).isEqualTo(1);
            assertThat(untrusted.out()).contains("INVALID  seal.json.sigstore.json timestamp 1: the time-stamping authority CN=CLI TSA is not one you trust");

            Run noCert = relgov("verify", zip.toString(), "--key", pub);
            assertThat(noCert.exit()).isZero();
            assertThat(noCert.out()).contains("warning  seal.json.sigstore.json timestamp 1: signed by CN=CLI TSA, which was not checked");

            Files.writeString(dir.resolve("bad.pem"), "not a certificate");
            Run bad = relgov("verify", zip.toString(), "--key", pub, "--tsa-cert", dir.resolve("bad.pem").toString());
            assertThat(bad.exit()).isEqualTo(2);
            assertThat(bad.err()).startsWith("relgov verify: " + dir.resolve("bad.pem") + ": ");
        }
    }
}
