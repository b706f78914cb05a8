package io.jenkins.plugins.relgov.e2e;

import static io.jenkins.plugins.relgov.e2e.Session.form;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

/**
 * A controller restart loses nothing: an approval request waiting for people, and a post-deploy analysis with
 * its measurements so far. Needs RELGOV_E2E_RESTART (skipped without it).
 */
class RestartTest {

    @Test
    void aPausedApprovalSurvivesARestartAndIsDecidedAfterIt() {
        LiveJenkins jenkins = LiveJenkins.get();
        Session frank = jenkins.as("frank");
        Builds.pipeline(jenkins.admin(), "e2e-restart-approval", Releases.majorWaitingForApproval());
        int build = Builds.start(frank, "e2e-restart-approval");
        Builds.awaitLog(frank, "e2e-restart-approval", build, Releases.PAUSED);
        String decide = "job/e2e-restart-approval/" + build + "/release-approval/decide";
        assertThat(jenkins.as("alice").post(decide, form("decision", "approve")).status())
                .isEqualTo(200);

        jenkins.restart();

        Session.Answer bob = jenkins.as("bob").post(decide, form("decision", "approve"));
        assertThat(bob.status()).as(bob.body()).isEqualTo(200);
        assertThat(bob.json().path("status").asText()).isEqualTo("APPROVED");
        assertThat(Builds.awaitResult(frank, "e2e-restart-approval", build)).isEqualTo("SUCCESS");
    }

    @Test
    void anAnalysisResumesWithItsMeasurementsAfterARestart() {
        LiveJenkins jenkins = LiveJenkins.get();
        Monitoring monitoring = Monitoring.get(jenkins);
        Session frank = jenkins.as("frank");
        // 3% errors: neither healthy (< 2%) nor a breach (> 5%); then healthy after the restart
        monitoring.settleAt(0.03);
        try {
            Builds.pipeline(
                    jenkins.admin(),
                    "e2e-restart-watch",
                    AutoRollbackTest.watchedStagingRelease("e2e-restart-watch", monitoring));
            int build = Builds.start(frank, "e2e-restart-watch");
            Builds.awaitLog(frank, "e2e-restart-watch", build, "error-rate #3");
            jenkins.restart();
            monitoring.errorRatio(0.005);
            assertThat(Builds.awaitResult(frank, "e2e-restart-watch", build)).isEqualTo("UNSTABLE");
            assertThat(Builds.log(frank, "e2e-restart-watch", build)).contains("resuming the post-deploy analysis");
            JsonNode record = null;
            for (String line : frank.get("job/e2e-restart-watch/" + build + "/release-governance/ledger")
                    .body()
                    .split("\n")) {
                JsonNode e = LiveJenkins.json(line);
                if (e.path("payload").path("kind").asText().equals("post-deploy-analysis")) {
                    record = e.path("payload").path("record");
                }
            }
            assertThat(record).isNotNull();
            assertThat(record.path("phase").asText()).isEqualTo("Inconclusive");
            long before = 0;
            for (JsonNode m : record.path("measurements")) {
                if (m.path("metric").asText().equals("error-rate")
                        && m.path("phase").asText().equals("Inconclusive")) {
                    before++;
                }
            }
            assertThat(before)
                    .as("measurements taken before the restart are in the ledger")
                    .isGreaterThanOrEqualTo(3);
        } finally {
            monitoring.errorRatio(0.005);
        }
    }
}
