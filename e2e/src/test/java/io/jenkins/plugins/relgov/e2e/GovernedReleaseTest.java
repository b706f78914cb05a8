package io.jenkins.plugins.relgov.e2e;

import static io.jenkins.plugins.relgov.e2e.Session.form;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.jenkins.plugins.relgov.evidence.BundleVerifier;
import io.jenkins.plugins.relgov.evidence.Ledger;
import io.jenkins.plugins.relgov.evidence.LedgerEvent;
import io.jenkins.plugins.relgov.evidence.VerificationReport;
import io.jenkins.plugins.relgov.policy.PolicyLoader;
import io.jenkins.plugins.relgov.signing.VerificationKey;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A governed release as its users live it: the five steps in a declarative Pipeline on an inbound agent,
 * the QA lead approving on the page, the product manager through the REST API, the deploy watched against
 * a real Prometheus, and the auditor downloading the sealed bundle and verifying it offline.
 */
class GovernedReleaseTest {

    @Test
    void aMinorReleaseGoesThroughEveryStepAndItsBundleVerifiesOffline() throws Exception {
        LiveJenkins jenkins = LiveJenkins.get();
        Monitoring monitoring = Monitoring.get(jenkins);
        monitoring.settleAt(0.005);
        Session admin = jenkins.admin();
        Builds.pipeline(admin, "e2e-minor", Releases.minorToProduction(monitoring));
        Session frank = jenkins.as("frank");
        int build = Builds.start(frank, "e2e-minor");
        String log = Builds.awaitLog(frank, "e2e-minor", build, Releases.PAUSED);
        assertThat(log).contains("Running on " + LiveJenkins.AGENT).contains("gate PASSED");

        // the QA lead decides on the approval page, with its form (session cookie and crumb, as a browser)
        String base = "job/e2e-minor/" + build + "/release-approval/";
        Session carol = jenkins.as("carol");
        Session.Answer page = carol.get(base);
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.body()).contains("name=\"decide-1\"").contains("qa-lead");
        Session.Answer submitted = carol.post(
                base + "submit",
                form("request", "1", "approve", "Approve", "comment", "QA sign-off: regression suite green"));
        assertThat(submitted.status()).isIn(200, 302);

        // the product manager through the REST API, as a chat bot would
        Session.Answer rest =
                jenkins.as("dave").post(base + "decide", form("decision", "approve", "comment", "ship it"));
        assertThat(rest.status()).isEqualTo(200);
        assertThat(rest.json().path("status").asText()).isEqualTo("APPROVED");

        // a settled request takes no more decisions
        Session.Answer late = carol.post(base + "decide", form("decision", "reject", "reason", "too late"));
        assertThat(late.status()).isEqualTo(409);
        assertThat(late.json().path("reason").asText()).isEqualTo("settled");

        assertThat(Builds.awaitResult(frank, "e2e-minor", build)).isEqualTo("SUCCESS");
        log = Builds.log(frank, "e2e-minor", build);
        assertThat(log)
                .contains("APPROVED BY [carol, dave]")
                .contains("signed target/shop-2.5.0.jar")
                .contains("analysis Successful")
                .doesNotContain("ROLLING BACK");

        // the auditor: the bundle, offline, against the public key they were given and the policy
        Path zip = bundle(jenkins.as("alice"), "job/e2e-minor/" + build + "/release-governance/bundle", jenkins.work);
        VerificationReport report = BundleVerifier.verify(
                zip,
                new BundleVerifier.Options(
                        VerificationKey.read(jenkins.publicKey),
                        PolicyLoader.load(
                                "e2e.yaml",
                                LiveJenkins.resource("e2e-policy.yaml").getBytes(StandardCharsets.UTF_8)),
                        null));
        assertThat(report.problems()).isEmpty();
        assertThat(report.valid()).isTrue();

        String ledgerText = jenkins.as("alice")
                .get("job/e2e-minor/" + build + "/release-governance/ledger")
                .body();
        List<LedgerEvent> ledger =
                Ledger.read(new ByteArrayInputStream(ledgerText.getBytes(StandardCharsets.UTF_8)), "ledger");
        assertThat(ledger)
                .extracting(LedgerEvent::type)
                .contains(
                        "release-started",
                        "gate-evaluated",
                        "approval-decided",
                        "artifact-signed",
                        "attestation-created",
                        "evidence-recorded");
        assertThat(ledger.stream()
                        .filter(e -> e.type().equals("approval-decided"))
                        .map(e -> e.payload().path("approver").asText()))
                .containsExactly("carol", "dave");
        JsonNode analysis = ledger.stream()
                .filter(e -> e.payload().path("kind").asText().equals("post-deploy-analysis"))
                .findFirst()
                .orElseThrow()
                .payload()
                .path("record");
        assertThat(analysis.path("metrics").toString()).contains("health:app").contains("error-rate");
    }

    /** Downloads a build's sealed bundle, waiting while it is being sealed (503 with Retry-After). */
    static Path bundle(Session s, String path, Path dir) throws Exception {
        Instant deadline = Instant.now().plus(Duration.ofMinutes(2));
        while (true) {
            Session.Answer a = s.get(path);
            if (a.status() == 200) {
                assertThat(a.header("Content-Type")).startsWith("application/zip");
                Path zip = Files.createTempFile(dir, "bundle", ".zip");
                Files.write(zip, a.bytes());
                return zip;
            }
            assertThat(a.status()).as("bundle: %s", a.body()).isEqualTo(503);
            assertThat(a.header("Retry-After")).isNotNull();
            if (Instant.now().isAfter(deadline)) {
                throw new IllegalStateException("the bundle was still being sealed after 2 minutes");
            }
            LiveJenkins.sleep(Duration.ofSeconds(1));
        }
    }
}
