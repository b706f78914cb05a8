package io.jenkins.plugins.relgov.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.relgov.evidence.ReleaseEvidence;
import io.jenkins.plugins.relgov.policy.ShippedPolicies;
import io.jenkins.plugins.relgov.signing.LocalTsa;
import io.jenkins.plugins.relgov.signing.OpenSsl;
import io.jenkins.plugins.relgov.signing.SigningKey;
import io.jenkins.plugins.relgov.signing.SigstoreJs;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SignVerifyCommandTest {
    @TempDir
    Path dir;

    record Run(int exit, String out, String err) {}

    private static Run relgov(String... args) {
        var out = new StringWriter();
        var err = new StringWriter();
        int exit = Relgov.commandLine(args)
                .setOut(new PrintWriter(out))
                .setErr(new PrintWriter(err))
                .execute(args);
        return new Run(exit, out.toString(), err.toString());
    }

    private String sh(String script) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("sh", "-c", script)
                .directory(dir.toFile())
                .redirectErrorStream(true)
                .start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as(script + "\n" + out).isZero();
        return out;
    }

    @Test
    void signWritesCosignBlobSignaturesThatOpensslVerifies() throws Exception {
        sh("openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -aes-256-cbc -pass pass:s3cret -out key.pem"
                + " && openssl pkey -in key.pem -passin pass:s3cret -pubout -out pub.pem && printf 's3cret\\n' > pw"
                + " && echo one > a.txt && echo two > b.txt");
        Run r = relgov(
                "sign",
                "--key",
                dir.resolve("key.pem").toString(),
                "--password-file",
                dir.resolve("pw").toString(),
                dir.resolve("a.txt").toString(),
                dir.resolve("b.txt").toString());
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).contains("a.txt.sig").contains("b.txt.sig").contains("ECDSA_P256");
        assertThat(sh("base64 -d a.txt.sig > a.der && openssl dgst -sha256 -verify pub.pem -signature a.der a.txt"))
                .contains("Verified OK");
        assertThat(sh("base64 -d b.txt.sig > b.der && openssl dgst -sha256 -verify pub.pem -signature b.der b.txt"))
                .contains("Verified OK");

        Run wrong = relgov(
                "sign",
                "--key",
                dir.resolve("key.pem").toString(),
                dir.resolve("a.txt").toString());
        assertThat(wrong.exit()).isEqualTo(2);
        assertThat(wrong.err()).contains("key.pem: the private key is encrypted; a password is required");
        assertThat(relgov("sign", "--key", dir.resolve("nope.pem").toString(), "x")
                        .exit())
                .isEqualTo(2);
    }

    @Test
    void verifyExitsZeroOneOrTwo() throws Exception {
        sh(
                "openssl genpkey -algorithm ed25519 -out key.pem && openssl pkey -in key.pem -pubout -out pub.pem"
                        + " && openssl genpkey -algorithm ed25519 -out other.pem && openssl pkey -in other.pem -pubout -out other.pub.pem"
                        + " && echo '<testsuite tests=\"1\"/>' > t.xml && echo '{\"runs\":[]}' > s.sarif && echo jar > app.jar");
        SigningKey key = SigningKey.read(dir.resolve("key.pem"), null);
        Clock clock = Clock.fixed(Instant.parse("2026-11-22T10:00:00Z"), ZoneOffset.UTC);
        var ev = ReleaseEvidence.start(
                new ReleaseEvidence.Release("shop", "v3.0.0", "major"),
                ShippedPolicies.loaded("inopsio"),
                "jenkins",
                clock);
        ev.recordFile(dir.resolve("t.xml"), "t.xml", "test-summary", "jenkins");
        ev.recordFile(dir.resolve("s.sarif"), "s.sarif", "security-scan", "jenkins");
        ev.recordApproval("ciso", "carol", true, null);
        ev.signArtifact(dir.resolve("app.jar"), key, true, "jenkins");
        Path zip = ev.seal(key, "jenkins").writeTo(dir.resolve("out"));
        String pub = dir.resolve("pub.pem").toString();

        Run ok = relgov("verify", zip.toString(), "--key", pub);
        assertThat(ok.exit()).as(ok.out() + ok.err()).isZero();
        assertThat(ok.out())
                .contains("ok       ledger: 5 events, hash chain intact")
                .endsWith("\nVALID: the evidence is intact and sealed by the trusted key "
                        + key.publicKey().fingerprint()
                        + "; approvals and evidence were not checked against a policy (--policy)\n");

        Run policy = relgov("verify", zip.toString(), "--key", pub, "--policy", "inopsio");
        assertThat(policy.exit()).isEqualTo(1);
        assertThat(policy.out())
                .contains(
                        "INVALID  policy inopsio, tier major: needs 1 distinct approver(s) of executive-board, found 0")
                .contains("INVALID  policy inopsio, tier major: required evidence 'risk-assessment' is not recorded");

        Run otherKey = relgov(
                "verify", zip.toString(), "--key", dir.resolve("other.pub.pem").toString());
        assertThat(otherKey.exit()).isEqualTo(1);
        assertThat(otherKey.out()).contains("INVALID  seal.json.sig: signature does not verify with key");

        // tamper with the evidence inside the zip
        Path bad = dir.resolve("bad.zip");
        try (ZipFile in = new ZipFile(zip.toFile());
                ZipOutputStream o = new ZipOutputStream(Files.newOutputStream(bad))) {
            for (ZipEntry e : java.util.Collections.list(in.entries())) {
                o.putNextEntry(new ZipEntry(e.getName()));
                byte[] b = in.getInputStream(e).readAllBytes();
                o.write(
                        e.getName().equals("evidence/t.xml")
                                ? "<testsuite tests=\"0\"/>\n".getBytes(StandardCharsets.UTF_8)
                                : b);
                o.closeEntry();
            }
        }
        Run tampered = relgov("verify", bad.toString(), "--key", pub);
        assertThat(tampered.exit()).isEqualTo(1);
        assertThat(tampered.out()).contains("INVALID  evidence/t.xml: sha256 ").contains("differs from ledger seq 1");

        Files.write(dir.resolve("trunc.zip"), java.util.Arrays.copyOf(Files.readAllBytes(zip), 300));
        Run truncated = relgov("verify", dir.resolve("trunc.zip").toString(), "--key", pub);
        assertThat(truncated.exit()).isEqualTo(2);
        assertThat(truncated.err())
                .contains("trunc.zip: not a readable zip: end of central directory not found (truncated or corrupt)");
        assertThat(relgov("verify", dir.resolve("missing.zip").toString()).exit())
                .isEqualTo(2);
        assertThat(relgov(
                                "verify",
                                zip.toString(),
                                "--policy",
                                dir.resolve("nope.yaml").toString())
                        .exit())
                .isEqualTo(2);
        List<String> help = relgov("verify", "--help").out().lines().toList();
        assertThat(help)
                .anySatisfy(l -> assertThat(l).contains("1   invalid"))
                .anySatisfy(l ->
                        assertThat(l).contains("3   intact, but the signer is not established: no --key was given"))
                .anySatisfy(l -> assertThat(l).contains("--json"));
    }

    @Test
    void signWithBundleWritesASigstoreBundleThatSigstoreJsVerifies() throws Exception {
        OpenSsl.keyPair(dir, "ec", false);
        Path app = Files.writeString(dir.resolve("app.tar.gz"), "release bytes");
        Run r = relgov("sign", "--bundle", "--key", dir.resolve("key.pem").toString(), app.toString());
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).contains("app.tar.gz.sig").contains("app.tar.gz.sigstore.json");
        assertThat(SigstoreJs.verify(dir.resolve("app.tar.gz.sigstore.json"), dir.resolve("pub.pem"), app)
                        .out())
                .isEqualToIgnoringWhitespace("verified");
        assertThat(
                        OpenSsl.sh(
                                dir,
                                "base64 -d app.tar.gz.sig > a.der && openssl dgst -sha256 -verify pub.pem -signature a.der app.tar.gz"))
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
        try (LocalTsa tsa = LocalTsa.start(dir.resolve("tsa"), "CLI TSA");
                LocalTsa other = LocalTsa.start(dir.resolve("other"), "Other TSA")) {
            var ev = ReleaseEvidence.start(
                    new ReleaseEvidence.Release("shop", "v3.0.0", "patch"),
                    ShippedPolicies.loaded("inopsio"),
                    "jenkins",
                    java.time.Clock.systemUTC());
            ev.signArtifact(Files.writeString(dir.resolve("app.jar"), "jar"), key, true, "jenkins");
            zip = ev.seal(key, "jenkins", tsa.client()).writeTo(dir.resolve("out"));
            String pub = dir.resolve("pub.pem").toString();

            Run trusted = relgov(
                    "verify",
                    zip.toString(),
                    "--key",
                    pub,
                    "--tsa-cert",
                    tsa.caPem().toString());
            assertThat(trusted.exit()).as(trusted.out() + trusted.err()).isZero();
            assertThat(trusted.out())
                    .contains("ok       timestamp: the seal's signature was time-stamped at ")
                    .contains(" by CN=CLI TSA, a time-stamping authority you trust");

            Run untrusted = relgov(
                    "verify",
                    zip.toString(),
                    "--key",
                    pub,
                    "--tsa-cert",
                    other.caPem().toString());
            assertThat(untrusted.exit()).isEqualTo(1);
            assertThat(untrusted.out())
                    .contains(
                            "INVALID  seal.json.sigstore.json timestamp 1: the time-stamping authority CN=CLI TSA is not one you trust");

            Run noCert = relgov("verify", zip.toString(), "--key", pub);
            assertThat(noCert.exit()).isZero();
            assertThat(noCert.out())
                    .contains(
                            "warning  seal.json.sigstore.json timestamp 1: signed by CN=CLI TSA, which was not checked");

            Files.writeString(dir.resolve("bad.pem"), "not a certificate");
            Run bad = relgov(
                    "verify",
                    zip.toString(),
                    "--key",
                    pub,
                    "--tsa-cert",
                    dir.resolve("bad.pem").toString());
            assertThat(bad.exit()).isEqualTo(2);
            assertThat(bad.err()).startsWith("relgov verify: " + dir.resolve("bad.pem") + ": ");
        }
    }
}
