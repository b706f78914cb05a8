package io.jenkins.plugins.relgov.plugin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.cloudbees.plugins.credentials.CredentialsScope;
import com.cloudbees.plugins.credentials.SecretBytes;
import com.cloudbees.plugins.credentials.SystemCredentialsProvider;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import hudson.FilePath;
import hudson.model.Run;
import io.jenkins.plugins.relgov.evidence.BundleVerifier;
import io.jenkins.plugins.relgov.evidence.LedgerEvent;
import io.jenkins.plugins.relgov.signing.VerificationKey;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;
import jenkins.model.Jenkins;
import org.jenkinsci.plugins.plaincredentials.impl.FileCredentialsImpl;
import org.jenkinsci.plugins.workflow.job.WorkflowJob;
import org.jvnet.hudson.test.JenkinsRule;

/** Shared test set-up: the acme test policy, real report fixtures, real openssl keys. */
public final class TestSupport {

    /**
     * Prometheus's HTTP query API on loopback, outside the system under test (core's analysis tests run a real
     * Prometheus): every query is answered with one sample, the value {@code value} gives at that moment, in
     * Prometheus's documented format; {@code seen} gets each request first (its headers, say). Started; stop it.
     */
    public static HttpServer prometheus(Supplier<String> value, Consumer<HttpExchange> seen) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/api/v1/query", x -> {
            seen.accept(x);
            byte[] b = ("{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":[{\"metric\":{},"
                            + "\"value\":[" + System.currentTimeMillis() / 1000.0 + ",\"" + value.get() + "\"]}]}}")
                    .getBytes(StandardCharsets.UTF_8);
            x.getResponseHeaders().add("Content-Type", "application/json");
            x.sendResponseHeaders(200, b.length);
            try (OutputStream out = x.getResponseBody()) {
                out.write(b);
            }
        });
        server.start();
        return server;
    }

    public static HttpServer prometheus(Supplier<String> value) throws IOException {
        return prometheus(value, x -> {});
    }

    /** The base URL of a loopback server. */
    public static String url(HttpServer server) {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    private TestSupport() {}

    public static String acmeYaml() throws IOException {
        try (InputStream in = TestSupport.class.getResourceAsStream("acme.yaml")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** Installs the acme policy as an administrator would. */
    static void installAcme() throws IOException {
        GovernanceConfiguration.get().setPolicies(List.of(new NamedPolicy("acme", acmeYaml())));
    }

    /** A report fixture from the shared folder (PROVENANCE.md holds their independently computed facts). */
    static File fixture(String relative) {
        String dir = System.getProperty("relgov.fixtures");
        File f = new File(dir, relative);
        assertTrue(f.isFile(), "fixture missing: " + f + " (relgov.fixtures=" + dir + ")");
        return f;
    }

    /** Copies a fixture into the job's workspace on the built-in node (where node { } runs in these tests). */
    static void putInWorkspace(WorkflowJob job, String fixture, String target) throws Exception {
        FilePath ws = Jenkins.get().getWorkspaceFor(job);
        new FilePath(fixture(fixture)).copyTo(ws.child(target));
    }

    /** Runs a real command and returns its output; fails the test on a non-zero exit. */
    public static String run(File dir, String... command) throws Exception {
        Process p = new ProcessBuilder(command)
                .directory(dir)
                .redirectErrorStream(true)
                .start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "timed out: " + String.join(" ", command));
        assertEquals(0, p.exitValue(), String.join(" ", command) + " failed:\n" + out);
        return out;
    }

    /** An ECDSA P-256 key made by the real openssl; returns the folder holding key.pem and pub.pem. */
    public static File opensslKey(File dir) throws Exception {
        run(dir, "openssl", "genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256", "-out", "key.pem");
        run(dir, "openssl", "pkey", "-in", "key.pem", "-pubout", "-out", "pub.pem");
        return dir;
    }

    /** Stores key.pem as a secret file credential. */
    public static void addKeyCredentials(String id, File keyDir) throws IOException {
        byte[] pem = Files.readAllBytes(new File(keyDir, "key.pem").toPath());
        SystemCredentialsProvider.getInstance()
                .getCredentials()
                .add(new FileCredentialsImpl(
                        CredentialsScope.GLOBAL, id, "release signing key", "key.pem", SecretBytes.fromRawBytes(pem)));
        SystemCredentialsProvider.getInstance().save();
    }

    public static List<LedgerEvent> ledger(Run<?, ?> run) throws IOException {
        return BuildLedger.of(run).events();
    }

    /** Makes a key with openssl in {@code dir} and makes it the global default signing credentials. */
    public static File signByDefault(File dir) throws Exception {
        opensslKey(dir);
        addKeyCredentials("release-key", dir);
        GovernanceConfiguration.get().setSigningCredentialsId("release-key");
        return dir;
    }

    /** Downloads the build's sealed bundle and verifies it with core's verifier, trusting {@code dir}/pub.pem. */
    public static Path verifiedBundle(JenkinsRule r, JenkinsRule.WebClient wc, Run<?, ?> b, File dir) throws Exception {
        Path zip = dir.toPath().resolve(b.getParent().getName() + "-" + b.getNumber() + ".zip");
        try (InputStream in = wc.goTo(b.getUrl() + "release-governance/bundle", "application/zip")
                .getWebResponse()
                .getContentAsStream()) {
            Files.copy(in, zip, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
        var report = BundleVerifier.verify(
                zip,
                new BundleVerifier.Options(VerificationKey.read(dir.toPath().resolve("pub.pem")), null, null));
        assertTrue(report.valid(), report.problems().toString());
        return zip;
    }

    static List<String> types(Run<?, ?> run) throws IOException {
        List<String> t = new ArrayList<>();
        ledger(run).forEach(e -> t.add(e.type()));
        return t;
    }

    static String ledgerText(Run<?, ?> run) throws IOException {
        Path p = BuildLedger.of(run).path();
        return Files.readString(p, StandardCharsets.UTF_8);
    }
}
