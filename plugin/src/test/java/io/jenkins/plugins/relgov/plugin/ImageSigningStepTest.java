package io.jenkins.plugins.relgov.plugin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.cloudbees.plugins.credentials.CredentialsProvider;
import com.cloudbees.plugins.credentials.CredentialsScope;
import com.cloudbees.plugins.credentials.SystemCredentialsProvider;
import com.cloudbees.plugins.credentials.impl.UsernamePasswordCredentialsImpl;
import com.fasterxml.jackson.databind.JsonNode;
import hudson.model.Label;
import hudson.model.Result;
import io.jenkins.plugins.relgov.evidence.BundleVerifier;
import io.jenkins.plugins.relgov.evidence.EventType;
import io.jenkins.plugins.relgov.evidence.LedgerEvent;
import io.jenkins.plugins.relgov.evidence.ReleaseEvidence;
import io.jenkins.plugins.relgov.evidence.VerificationReport;
import io.jenkins.plugins.relgov.oci.LocalRegistry;
import io.jenkins.plugins.relgov.oci.RegistryFiles;
import io.jenkins.plugins.relgov.oci.TokenService;
import io.jenkins.plugins.relgov.signing.VerificationKey;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.zip.ZipFile;
import org.jenkinsci.plugins.workflow.cps.CpsFlowDefinition;
import org.jenkinsci.plugins.workflow.job.WorkflowJob;
import org.jenkinsci.plugins.workflow.job.WorkflowRun;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

/**
 * {@code signArtifact image:} against real registries (Debian's docker-registry on loopback, images pushed with
 * skopeo): an open one, and one behind token authentication that only the Jenkins credential opens. What is stored
 * in the registry is read back without our code and checked with openssl; the sealed bundle verifies offline.
 */
@WithJenkins
class ImageSigningStepTest {

    private static final String PASSWORD = "Reg1stry-pa55word-never-shown";
    private static final String RELEASE = "policy: 'acme', version: 'v1.4.0', previousVersion: 'v1.3.2'";

    @TempDir
    static Path servers;

    private static LocalRegistry open;
    private static TokenService tokens;
    private static LocalRegistry guarded;

    @TempDir
    File tmp;

    private JenkinsRule r;

    @BeforeAll
    static void startRegistries() throws Exception {
        open = LocalRegistry.start(servers.resolve("open"));
        tokens = TokenService.start(servers.resolve("tokens"), "ci-bot", PASSWORD);
        guarded = LocalRegistry.start(servers.resolve("guarded"), tokens);
    }

    @AfterAll
    static void stopRegistries() {
        for (AutoCloseable c : new AutoCloseable[] {open, guarded, tokens}) {
            try {
                if (c != null) {
                    c.close();
                }
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
    }

    @BeforeEach
    void setUp(JenkinsRule r) throws Exception {
        this.r = r;
        TestSupport.installAcme();
        TestSupport.addKeyCredentials("release-key", TestSupport.opensslKey(tmp));
        SystemCredentialsProvider.getInstance()
                .getCredentials()
                .add(new UsernamePasswordCredentialsImpl(
                        CredentialsScope.GLOBAL, "registry-push", "registry", "ci-bot", PASSWORD));
        SystemCredentialsProvider.getInstance().save();
    }

    private WorkflowRun run(String job, String script, Result expected) throws Exception {
        WorkflowJob p = r.createProject(WorkflowJob.class, job);
        p.setDefinition(new CpsFlowDefinition(script, true));
        return r.assertBuildStatus(expected, p.scheduleBuild2(0));
    }

    private static List<LedgerEvent> ofType(WorkflowRun b, EventType type) throws Exception {
        return TestSupport.ledger(b).stream()
                .filter(e -> e.type().equals(type.wire()))
                .toList();
    }

    @Test
    void anImageAndAFileSignedOnAnAgentAreRecordedAttestedBesideTheImageAndTheBundleVerifies() throws Exception {
        String digest = open.push("shop/web", "v1.4.0", "web-1.4.0", null);
        String hex = digest.substring("sha256:".length());
        String image = open.host() + "/shop/web";
        // its own JVM: what crosses remoting is real
        String agent = r.createOnlineSlave(Label.get("builder")).getNodeName();
        WorkflowRun b = run(
                "image",
                "node('builder') {\n"
                        + "  writeFile file: 'target/app.jar', text: 'the release artifact'\n"
                        + "  def signed = signArtifact " + RELEASE + ", environment: 'staging', files: 'target/*.jar', "
                        + "image: '" + image + ":v1.4.0', allowHttpRegistry: true, credentialsId: 'release-key'\n"
                        + "  echo \"returned ${signed}\"\n"
                        + "}",
                Result.SUCCESS);
        r.assertLogContains("Running on " + agent, b);
        r.assertLogContains(
                "signed image " + image + "@" + digest + " (tag v1.4.0): signature in " + image + ":sha256-" + hex
                        + ".sig",
                b);
        r.assertLogContains("returned [target/app.jar.sig, " + image + "@" + digest + "]", b);
        r.assertLogContains("release decision for staging: ", b);

        // the signature in the registry, read with the JDK's HTTP client and checked with openssl
        RegistryFiles files = new RegistryFiles(open.host());
        JsonNode sigManifest = files.manifest("shop/web", "sha256-" + hex + ".sig");
        assertNotNull(sigManifest, "no signature stored beside the image");
        JsonNode layer = sigManifest.path("layers").get(0);
        assertEquals(
                "application/vnd.dev.cosign.simplesigning.v1+json",
                layer.path("mediaType").asText());
        byte[] payload = files.blob("shop/web", layer.path("digest").asText());
        assertEquals(
                digest,
                BuildLedger.JSON
                        .readTree(payload)
                        .path("critical")
                        .path("image")
                        .path("docker-manifest-digest")
                        .asText());
        Files.write(tmp.toPath().resolve("payload.json"), payload);
        Files.write(
                tmp.toPath().resolve("payload.sig"),
                Base64.getDecoder()
                        .decode(layer.path("annotations")
                                .path("dev.cosignproject.cosign/signature")
                                .asText()));
        String out = TestSupport.run(
                tmp, "openssl", "dgst", "-sha256", "-verify", "pub.pem", "-signature", "payload.sig", "payload.json");
        assertTrue(out.contains("Verified OK"), out);

        // the governance attestation and the release decision, attached as cosign attest attaches them
        JsonNode att = files.manifest("shop/web", "sha256-" + hex + ".att");
        assertNotNull(att, "no attestation attached beside the image");
        List<String> types = new ArrayList<>();
        att.path("layers")
                .forEach(l ->
                        types.add(l.path("annotations").path("predicateType").asText()));
        assertEquals(List.of(ReleaseEvidence.GOVERNANCE_PREDICATE, "https://slsa.dev/verification_summary/v1"), types);

        // the ledger: the image by digest (the tag resolved), the payload and signature kept for the bundle
        LedgerEvent signed = ofType(b, EventType.IMAGE_SIGNED).get(0);
        assertEquals(image + "@" + digest, signed.payload().path("image").asText());
        assertEquals("v1.4.0", signed.payload().path("tag").asText());
        assertEquals(
                new String(payload, StandardCharsets.UTF_8),
                signed.payload().path("payload").asText());
        assertTrue(
                signed.payload().path("controls").toString().contains("SOC2-CC8.1"),
                signed.payload().toString());
        List<String> predicates = ofType(b, EventType.ATTESTATION_CREATED).stream()
                .map(e -> e.payload().path("predicateType").asText())
                .toList();
        assertEquals(
                List.of(ReleaseEvidence.GOVERNANCE_PREDICATE, "https://slsa.dev/verification_summary/v1"), predicates);

        // the sealed bundle carries payload and signature and verifies offline: image signatures and decision checked
        Path zip = TestSupport.verifiedBundle(r, r.createWebClient(), b, tmp);
        VerificationReport report = BundleVerifier.verify(
                zip,
                new BundleVerifier.Options(VerificationKey.read(tmp.toPath().resolve("pub.pem")), null, null));
        assertTrue(
                report.checked().stream().anyMatch(c -> c.startsWith("image-signatures: 1 image signature(s) verify")),
                report.checked().toString());
        assertTrue(
                report.checked().stream()
                        .anyMatch(c ->
                                c.startsWith("decision: 1 release decision(s) (SLSA VSA) match the ledger: staging")),
                report.checked().toString());
        try (ZipFile z = new ZipFile(zip.toFile())) {
            String payloadEntry = signed.payload().path("payloadEntry").asText();
            assertEquals(
                    new String(payload, StandardCharsets.UTF_8),
                    new String(z.getInputStream(z.getEntry(payloadEntry)).readAllBytes(), StandardCharsets.UTF_8));
            assertNotNull(z.getEntry(signed.payload().path("signature").asText()));
        }
    }

    @Test
    void signingTheSameImageAgainAddsNothingAndRecordsItOnce() throws Exception {
        String digest = open.push("shop/api", "v2", "api-2", null);
        String ref = open.host() + "/shop/api@" + digest;
        WorkflowRun b = run(
                "twice",
                "node {\n"
                        + "  signArtifact " + RELEASE + ", image: '" + ref
                        + "', allowHttpRegistry: true, credentialsId: 'release-key', attest: false\n"
                        + "  signArtifact image: '" + ref
                        + "', allowHttpRegistry: true, credentialsId: 'release-key', attest: false\n"
                        + "}",
                Result.SUCCESS);
        r.assertLogContains("image already signed " + ref, b);
        assertEquals(1, ofType(b, EventType.IMAGE_SIGNED).size());
        assertEquals(
                1,
                new RegistryFiles(open.host())
                        .manifest("shop/api", "sha256-" + digest.substring(7) + ".sig")
                        .path("layers")
                        .size());
        assertTrue(ofType(b, EventType.ATTESTATION_CREATED).isEmpty(), "attest: false");
        assertFalse(TestSupport.types(b).contains(EventType.ATTESTATION_CREATED.wire()));
        TestSupport.verifiedBundle(r, r.createWebClient(), b, tmp);
    }

    @Test
    void aRegistryBehindTokensOpensOnlyWithTheJenkinsCredentialWhichIsTrackedAndNeverShown() throws Exception {
        String digest = guarded.push("team/app", "v1", "app-1", "ci-bot:" + PASSWORD);
        String ref = guarded.host() + "/team/app@" + digest;

        // no credential and no Docker config: anonymous, which the registry refuses; the message names the registry
        WorkflowRun denied = run(
                "anonymous",
                "node { withEnv(['DOCKER_CONFIG=" + tmp + "/no-docker']) {\n"
                        + "  signArtifact " + RELEASE + ", image: '" + ref
                        + "', allowHttpRegistry: true, credentialsId: 'release-key'\n"
                        + "} }",
                Result.FAILURE);
        r.assertLogContains(
                "signArtifact: image " + ref + ": registry " + guarded.host() + ", repository team/app: "
                        + "refused anonymous access",
                denied);
        assertTrue(ofType(denied, EventType.IMAGE_SIGNED).isEmpty());

        WorkflowRun b = run(
                "tokens",
                "node {\n"
                        + "  signArtifact " + RELEASE + ", image: '" + ref
                        + "', registryCredentialsId: 'registry-push', "
                        + "allowHttpRegistry: true, credentialsId: 'release-key'\n"
                        + "}",
                Result.SUCCESS);
        r.assertLogContains("signed image " + ref, b);
        // the registry was asked for a push token, with the credential's user
        assertTrue(
                tokens.seen().stream()
                        .anyMatch(s -> "repository:team/app:pull,push".equals(s.scope())
                                && s.authorization() != null
                                && s.authorization().startsWith("Basic ")),
                tokens.seen().toString());
        // tracked as used by this build
        var credential = CredentialsProvider.findCredentialById(
                "registry-push", com.cloudbees.plugins.credentials.common.StandardUsernamePasswordCredentials.class, b);
        assertNotNull(CredentialsProvider.getFingerprintOf(credential), "the credential's use is not tracked");
        assertTrue(CredentialsProvider.getFingerprintOf(credential).getJobs().contains("tokens"));
        // the password is nowhere: log, ledger, bundle
        r.assertLogNotContains(PASSWORD, b);
        assertFalse(TestSupport.ledgerText(b).contains(PASSWORD));
        Path zip = TestSupport.verifiedBundle(r, r.createWebClient(), b, tmp);
        assertFalse(new String(Files.readAllBytes(zip), StandardCharsets.ISO_8859_1).contains(PASSWORD));
        try (ZipFile z = new ZipFile(zip.toFile())) {
            for (var e : java.util.Collections.list(z.entries())) {
                assertFalse(
                        new String(z.getInputStream(e).readAllBytes(), StandardCharsets.UTF_8).contains(PASSWORD),
                        e.getName());
            }
        }
    }

    @Test
    void dockerConfigOnTheAgentIsUsedWithoutAJenkinsCredential() throws Exception {
        String digest = guarded.push("team/cli", "v1", "cli-1", "ci-bot:" + PASSWORD);
        String ref = guarded.host() + "/team/cli@" + digest;
        Path docker = Files.createDirectories(tmp.toPath().resolve("docker"));
        String auth = Base64.getEncoder().encodeToString(("ci-bot:" + PASSWORD).getBytes(StandardCharsets.UTF_8));
        Files.writeString(
                docker.resolve("config.json"),
                "{\"auths\": {\"" + guarded.host() + "\": {\"auth\": \"" + auth + "\"}}}");
        WorkflowRun b = run(
                "docker-config",
                "node { withEnv(['DOCKER_CONFIG=" + docker + "']) {\n"
                        + "  signArtifact " + RELEASE + ", image: '" + ref
                        + "', allowHttpRegistry: true, credentialsId: 'release-key'\n"
                        + "} }",
                Result.SUCCESS);
        r.assertLogContains("signed image " + ref, b);
        r.assertLogNotContains(PASSWORD, b);
        r.assertLogNotContains(auth, b);
        assertFalse(TestSupport.ledgerText(b).contains(auth));
    }

    @Test
    void unusableArgumentsFailBeforeAnythingIsRecorded() throws Exception {
        WorkflowRun nothing =
                run("nothing", "node { signArtifact " + RELEASE + ", credentialsId: 'release-key' }", Result.FAILURE);
        r.assertLogContains("signArtifact: name the files to sign (files: 'target/*.jar'), an image", nothing);

        WorkflowRun bad = run(
                "bad-ref",
                "node { signArtifact " + RELEASE + ", image: 'UPPER/Case::x', credentialsId: 'release-key' }",
                Result.FAILURE);
        r.assertLogContains("signArtifact: image: ", bad);
        assertTrue(TestSupport.ledger(bad).isEmpty(), "nothing recorded for an unusable reference");

        WorkflowRun wrongType = run(
                "wrong-type",
                "node { signArtifact " + RELEASE + ", image: '" + open.host()
                        + "/shop/none:v1', registryCredentialsId: 'release-key', allowHttpRegistry: true, credentialsId: 'release-key' }",
                Result.FAILURE);
        r.assertLogContains(
                "Credentials 'release-key' (container registry) must be a username with password", wrongType);

        WorkflowRun noTag = run(
                "no-tag",
                "node { signArtifact " + RELEASE + ", image: '" + open.host()
                        + "/shop/none:v9', allowHttpRegistry: true, credentialsId: 'release-key' }",
                Result.FAILURE);
        r.assertLogContains("has no tag v9 in shop/none", noTag);
        assertTrue(ofType(noTag, EventType.IMAGE_SIGNED).isEmpty());

        WorkflowRun production = run(
                "unapproved",
                "node { signArtifact " + RELEASE + ", environment: 'production', image: '" + open.host()
                        + "/shop/web:v1.4.0', allowHttpRegistry: true, credentialsId: 'release-key' }",
                Result.FAILURE);
        r.assertLogContains("refusing to sign v1.4.0 for environment 'production'", production);
    }
}
