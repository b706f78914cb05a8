package io.jenkins.plugins.relgov.e2e;

import static io.jenkins.plugins.relgov.e2e.Session.form;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Every refusal the policy demands, attempted over HTTP by the people it concerns, with their own logins:
 * cross-site and GET requests, the triggerer, one person in two roles, someone with no role, a rejection
 * without a reason, a Replay with an edited Jenkinsfile, and a deadline that passes.
 */
class ApprovalRefusalsTest {

    @Test
    void theRequestRefusesWhatThePolicyForbidsAndNamesWhy() {
        LiveJenkins jenkins = LiveJenkins.get();
        Builds.pipeline(jenkins.admin(), "e2e-major", Releases.majorWaitingForApproval());
        Session alice = jenkins.as("alice"); // executive board, and the build's triggerer
        int build = Builds.start(alice, "e2e-major");
        Builds.awaitLog(alice, "e2e-major", build, Releases.PAUSED);
        String decide = "job/e2e-major/" + build + "/release-approval/decide";

        assertThat(jenkins.as("bob").get(decide + "?decision=approve").status())
                .as("GET")
                .isEqualTo(405);
        assertThat(jenkins.as("bob")
                        .postWithoutCrumb(decide, form("decision", "approve"))
                        .status())
                .as("no crumb")
                .isEqualTo(403);
        assertThat(jenkins.anonymous().post(decide, form("decision", "approve")).status())
                .as("anonymous")
                .isIn(403, 404);

        refused(alice.post(decide, form("decision", "approve")), "triggerer");
        refused(jenkins.as("mallory").post(decide, form("decision", "approve")), "not-a-member");
        Session cyrus = jenkins.as("cyrus"); // executive board and CISO
        Session.Answer asCiso = cyrus.post(decide, form("decision", "approve", "role", "ciso"));
        assertThat(asCiso.status()).as(asCiso.body()).isEqualTo(200);
        refused(cyrus.post(decide, form("decision", "approve", "role", "executive-board")), "already-approved");
        refused(jenkins.as("bob").post(decide, form("decision", "reject")), "missing-reason");

        // every refusal is evidence
        String ledger = alice.get("job/e2e-major/" + build + "/release-governance/ledger")
                .body();
        assertThat(ledger)
                .contains("\"approval-refused\"")
                .contains("TRIGGERER")
                .contains("NOT_A_MEMBER")
                .contains("ALREADY_APPROVED")
                .contains("MISSING_REASON");

        assertThat(jenkins.admin()
                        .post("job/e2e-major/" + build + "/stop", form())
                        .status())
                .isIn(200, 302);
        assertThat(Builds.awaitResult(alice, "e2e-major", build)).isEqualTo("ABORTED");
        assertThat(Builds.log(alice, "e2e-major", build)).doesNotContain("Cannot save actions");
    }

    @Test
    void aReplayedBuildCannotBeApproved() {
        LiveJenkins jenkins = LiveJenkins.get();
        Session frank = jenkins.as("frank");
        Builds.pipeline(jenkins.admin(), "e2e-replay", Releases.majorWaitingForApproval());
        int first = Builds.start(frank, "e2e-replay");
        Builds.awaitLog(frank, "e2e-replay", first, Releases.PAUSED);
        jenkins.admin().post("job/e2e-replay/" + first + "/stop", form());
        Builds.awaitResult(frank, "e2e-replay", first);

        ObjectNode edited = Session.JSON
                .createObjectNode()
                .put("mainScript", Releases.majorWaitingForApproval().replace("stages {", "stages { // edited"));
        Session.Answer replay = frank.post("job/e2e-replay/" + first + "/replay/run", form("json", edited.toString()));
        assertThat(replay.status()).as(replay.body()).isIn(200, 302);
        int replayed = first + 1;
        awaitBuild(frank, "e2e-replay", replayed);
        assertThat(Builds.awaitResult(frank, "e2e-replay", replayed)).isEqualTo("ABORTED");
        assertThat(Builds.log(frank, "e2e-replay", replayed)).contains("Replay");
    }

    @Test
    void aRequestWhoseDeadlinePassesAbortsTheBuild() {
        LiveJenkins jenkins = LiveJenkins.get();
        Session frank = jenkins.as("frank");
        Builds.pipeline(
                jenkins.admin(),
                "e2e-timeout",
                Releases.majorWaitingForApproval()
                        .replace("environment: 'production'", "environment: 'production', timeout: '3s'"));
        int build = Builds.start(frank, "e2e-timeout");
        assertThat(Builds.awaitResult(frank, "e2e-timeout", build)).isEqualTo("ABORTED");
        assertThat(Builds.log(frank, "e2e-timeout", build)).containsIgnoringCase("timed out");
        Session.Answer late = jenkins.as("bob")
                .post("job/e2e-timeout/" + build + "/release-approval/decide", form("decision", "approve"));
        assertThat(late.status()).isEqualTo(409);
    }

    private static void refused(Session.Answer a, String reason) {
        assertThat(a.status()).as(a.body()).isEqualTo(403);
        assertThat(a.json().path("accepted").asBoolean()).isFalse();
        assertThat(a.json().path("reason").asText()).isEqualTo(reason);
    }

    private static void awaitBuild(Session s, String job, int build) {
        for (int i = 0;
                i < 120 && s.get("job/" + job + "/" + build + "/api/json").status() != 200;
                i++) {
            LiveJenkins.sleep(Duration.ofSeconds(1));
        }
    }
}
