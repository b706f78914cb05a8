package io.jenkins.plugins.relgov.e2e;

import static io.jenkins.plugins.relgov.e2e.Session.form;
import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.relgov.evidence.BundleVerifier;
import io.jenkins.plugins.relgov.evidence.VerificationReport;
import io.jenkins.plugins.relgov.oci.ImageReference;
import io.jenkins.plugins.relgov.oci.ImageSigner;
import io.jenkins.plugins.relgov.oci.ImageVerification;
import io.jenkins.plugins.relgov.oci.LocalRegistry;
import io.jenkins.plugins.relgov.oci.RegistryClient;
import io.jenkins.plugins.relgov.oci.RegistryCredentials;
import io.jenkins.plugins.relgov.oci.TokenService;
import io.jenkins.plugins.relgov.policy.PolicyLoader;
import io.jenkins.plugins.relgov.signing.LocalTsa;
import io.jenkins.plugins.relgov.signing.VerificationKey;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * A container image released as its users live it: the administrator configures a time-stamping authority, a
 * minor release passes its gate and both approvals, and {@code signArtifact} on the agent signs the jar and the
 * image in a registry behind token authentication (a Jenkins Username/Password credential), attaches the
 * governance attestation and the release decision beside the image, and the seal is time-stamped. The auditor
 * verifies the image in the registry and the bundle offline. Real servers on loopback: Debian's docker-registry
 * with a token service, images pushed by skopeo, and {@code openssl ts -reply} as the authority.
 */
class SignedImageReleaseTest {

    private static final String JOB = "e2e-image";
    private static final String CREDENTIAL = "relgov-e2e-registry";

    @Test
    void anImageSignedInItsRegistryCarriesTheApprovalsAndATimeStampedSealThatVerifies() throws Exception {
        LiveJenkins jenkins = LiveJenkins.get();
        Path dir = Files.createTempDirectory(jenkins.work, "image");
        String password = "reg-" + Long.toHexString(Double.doubleToLongBits(Math.random()));
        try (LocalTsa tsa = LocalTsa.start(dir.resolve("tsa"), "E2E TSA");
                TokenService tokens = TokenService.start(dir.resolve("tokens"), "ci-bot", password);
                LocalRegistry registry = LocalRegistry.start(dir.resolve("registry"), tokens)) {
            String digest = registry.push("shop/web", "2.5.0", "web-2.5.0", "ci-bot:" + password);
            String image = registry.host() + "/shop/web";
            Session admin = jenkins.admin();
            String ca = Files.readString(tsa.caPem());

            // the administrator's Test button asks the authority for a real token; nobody else may press it
            String test =
                    "descriptorByName/io.jenkins.plugins.relgov.plugin.GovernanceConfiguration/testTimestampAuthority";
            var fields = form(
                    "timestampAuthorityUrl",
                    tsa.url().toString(),
                    "timestampAuthorityCertificates",
                    ca,
                    "timestampAuthorityTimeout",
                    "20");
            assertThat(admin.post(test, fields).body()).contains("The authority answered with a token that verifies");
            assertThat(jenkins.as("frank").post(test, fields).status()).isEqualTo(403);
            String set = admin.script("""
                    import com.cloudbees.plugins.credentials.*
                    import com.cloudbees.plugins.credentials.impl.UsernamePasswordCredentialsImpl
                    def c = io.jenkins.plugins.relgov.plugin.GovernanceConfiguration.get()
                    c.timestampAuthorityUrl = '%s'
                    c.timestampAuthorityCertificates = new String(Base64.decoder.decode('%s'), 'US-ASCII')
                    c.timestampAuthorityTimeout = 20
                    def store = SystemCredentialsProvider.instance
                    store.credentials.removeIf { it.id == '%s' }
                    store.credentials.add(new UsernamePasswordCredentialsImpl(CredentialsScope.GLOBAL, '%s', 'registry', 'ci-bot', '%s'))
                    store.save()
                    println 'CONFIGURED ' + c.timestampAuthority().authority()
                    """.formatted(
                            tsa.url(),
                            java.util.Base64.getEncoder().encodeToString(ca.getBytes(StandardCharsets.US_ASCII)),
                            CREDENTIAL,
                            CREDENTIAL,
                            password));
            assertThat(set).contains("CONFIGURED " + tsa.url());
            try {
                release(jenkins, admin, image, digest, tsa, password, dir);
            } finally {
                // the authority stops with this test: the suite's other releases are sealed without timestamps again
                admin.script(
                        "io.jenkins.plugins.relgov.plugin.GovernanceConfiguration.get().timestampAuthorityUrl = null");
            }
        }
    }

    private static void release(
            LiveJenkins jenkins, Session admin, String image, String digest, LocalTsa tsa, String password, Path dir)
            throws Exception {
        Builds.pipeline(admin, JOB, Releases.imageToProduction(image + ":2.5.0", CREDENTIAL));
        Session frank = jenkins.as("frank");
        int build = Builds.start(frank, JOB);
        Builds.awaitLog(frank, JOB, build, Releases.PAUSED);
        String base = "job/" + JOB + "/" + build + "/release-approval/";
        assertThat(jenkins.as("carol")
                        .post(base + "decide", form("decision", "approve", "comment", "QA ok"))
                        .status())
                .isEqualTo(200);
        assertThat(jenkins.as("dave")
                        .post(base + "decide", form("decision", "approve", "comment", "ship it"))
                        .json()
                        .path("status")
                        .asText())
                .isEqualTo("APPROVED");
        assertThat(Builds.awaitResult(frank, JOB, build)).isEqualTo("SUCCESS");

        String log = Builds.log(frank, JOB, build);
        assertThat(log)
                .contains("Running on " + LiveJenkins.AGENT)
                .contains("signed target/shop-2.5.0.jar")
                .contains("signed image " + image + "@" + digest + " (tag 2.5.0)")
                .contains("release decision for production: PASSED")
                .contains("attached https://slsa.dev/verification_summary/v1 to " + image + ":sha256-"
                        + digest.substring(7) + ".att")
                .contains("SIGNED [target/shop-2.5.0.jar.sig, " + image + "@" + digest + "]")
                .contains("time-stamped by " + tsa.url() + ")")
                .doesNotContain(password);

        // the auditor, in the registry: the signature verifies with the public key they were given
        VerificationKey pub = VerificationKey.read(jenkins.publicKey);
        ImageVerification v = new ImageSigner(new RegistryClient.Access(
                        new RegistryCredentials("ci-bot", password), true, Duration.ofSeconds(20)))
                .verify(ImageReference.parse(image + "@" + digest), pub);
        assertThat(v.verified()).as(v.toString()).isTrue();

        // and offline: image signature, decision and timestamp checked against the key, the policy and the TSA's CA
        Path zip = GovernedReleaseTest.bundle(
                jenkins.as("alice"), "job/" + JOB + "/" + build + "/release-governance/bundle", dir);
        assertThat(new String(Files.readAllBytes(zip), StandardCharsets.ISO_8859_1))
                .doesNotContain(password);
        VerificationReport report = BundleVerifier.verify(
                zip,
                new BundleVerifier.Options(
                        pub,
                        PolicyLoader.load(
                                "e2e.yaml",
                                LiveJenkins.resource("e2e-policy.yaml").getBytes(StandardCharsets.UTF_8)),
                        null,
                        null,
                        tsa.ca()));
        assertThat(report.problems()).isEmpty();
        assertThat(report.valid()).isTrue();
        assertThat(report.checked())
                .anySatisfy(c -> assertThat(c).startsWith("image-signatures: 1 image signature(s) verify"))
                .anySatisfy(c -> assertThat(c)
                        .startsWith("decision: 1 release decision(s) (SLSA VSA) match the ledger: production PASSED"))
                .anySatisfy(c -> assertThat(c).startsWith("timestamp: the seal's signature was time-stamped at "));
    }
}
