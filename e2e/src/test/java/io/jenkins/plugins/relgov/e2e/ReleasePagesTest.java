package io.jenkins.plugins.relgov.e2e;

import static io.jenkins.plugins.relgov.e2e.Session.form;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The pages, over HTTP as a browser reads them: a newer build supersedes the older one's pending request, the
 * inbox shows what waits for me and all I can see, the job's release history lists and filters the releases,
 * its trend chart answers the model the page's script asks for, and the evidence page gives the exact offline
 * verify command.
 */
class ReleasePagesTest {

    private static final String JOB = "e2e-pages";

    @Test
    void aNewerBuildSupersedesTheOlderRequestAndThePagesTellTheReleases() throws Exception {
        LiveJenkins jenkins = LiveJenkins.get();
        Builds.pipeline(jenkins.admin(), JOB, Releases.minorUpToSignature());
        Session frank = jenkins.as("frank");
        Session carol = jenkins.as("carol");
        Session mallory = jenkins.as("mallory");
        int older = Builds.start(frank, JOB);
        Builds.awaitLog(frank, JOB, older, Releases.PAUSED);

        // mallory holds no role: nothing waits for her, yet "all I can see" lists the request
        assertThat(inbox(mallory, "mine")).doesNotContain(JOB + "#" + older);
        assertThat(inbox(mallory, "all")).contains(JOB + "#" + older);
        assertThat(inbox(carol, "mine")).contains(JOB + "#" + older);

        // a newer build of the same release to the same environment supersedes the older request
        int newer = Builds.start(frank, JOB);
        Builds.awaitLog(frank, JOB, newer, Releases.PAUSED);
        assertThat(Builds.awaitResult(frank, JOB, older)).isEqualTo("ABORTED");
        assertThat(Builds.log(frank, JOB, older)).contains("Release approval superseded by " + JOB + "#" + newer);
        assertThat(Builds.log(frank, JOB, newer)).contains("superseded approval request 1 of " + JOB + " #" + older);
        assertThat(carol.get("job/" + JOB + "/" + older + "/release-governance/ledger")
                        .body())
                .contains("\"approval-superseded\"");
        assertThat(inbox(carol, "mine")).containsExactly(JOB + "#" + newer);

        String decide = "job/" + JOB + "/" + newer + "/release-approval/decide";
        assertThat(carol.post(decide, form("decision", "approve")).status()).isEqualTo(200);
        assertThat(jenkins.as("dave").post(decide, form("decision", "approve")).status())
                .isEqualTo(200);
        assertThat(Builds.awaitResult(frank, JOB, newer)).isEqualTo("SUCCESS");

        // the job's release history: both builds, how each ended, filterable
        String history = carol.get("job/" + JOB + "/release-governance/").body();
        assertThat(rows(history)).startsWith("#" + newer + " approved", "#" + older + " superseded"); // newest first
        assertThat(history).contains("carol (qa-lead)").contains("dave (product-manager)");
        assertThat(carol.get("job/" + JOB + "/release-governance/?environment=production&tier=minor")
                        .body())
                .contains(">#" + newer + "<");
        assertThat(carol.get("job/" + JOB + "/release-governance/?tier=major").body())
                .contains("No governed build matches.");

        // the gate trend: the model the chart's script asks for, through the proxy the page binds
        JsonNode model = Session.JSON.readTree(trendModel(carol, "job/" + JOB + "/"));
        assertThat(model.path("buildNumbers").toString()).contains(String.valueOf(newer));
        assertThat(model.path("series").get(0).path("name").asText()).isEqualTo("passed");

        // the evidence page: the release, the drill-down per gate, and the verify command for the bundle
        String evidence =
                carol.get("job/" + JOB + "/" + newer + "/release-governance/").body();
        assertThat(evidence)
                .contains("relgov verify " + JOB + "-2.5.0-evidence.zip --key TRUSTED-SIGNING-KEY.pub.pem"
                        + " --policy e2e")
                .contains("class=\"relgov-gates\"")
                .contains("<details>");
        assertThat(carol.get("job/" + JOB + "/" + older + "/release-governance/")
                        .body())
                .contains("SUPERSEDED");
        // the build page's summary box
        assertThat(carol.get("job/" + JOB + "/" + newer + "/").body()).contains("relgov-summary");
        // nobody without read access to the job sees any of it
        assertThat(jenkins.anonymous()
                        .get("job/" + JOB + "/release-governance/")
                        .status())
                .isIn(403, 404);
    }

    /** The inbox as JSON, each entry as job#build. */
    private static List<String> inbox(Session s, String scope) {
        Session.Answer a = s.get("release-approvals/api/json?depth=1&scope=" + scope);
        assertThat(a.status()).isEqualTo(200);
        List<String> out = new ArrayList<>();
        a.json()
                .path("items")
                .forEach(i ->
                        out.add(i.path("job").asText() + "#" + i.path("build").asInt()));
        return out;
    }

    /** The history table's rows, each as "build result" (the first and fifth cells). */
    private static List<String> rows(String html) {
        List<String> rows = new ArrayList<>();
        Matcher tr = Pattern.compile("<tr class=\"relgov-result-[^\"]*\">(.*?)</tr>", Pattern.DOTALL)
                .matcher(html);
        while (tr.find()) {
            List<String> cells = new ArrayList<>();
            Matcher td = Pattern.compile("<td>(.*?)</td>", Pattern.DOTALL).matcher(tr.group(1));
            while (td.find()) {
                cells.add(td.group(1)
                        .replaceAll("<[^>]+>", " ")
                        .replaceAll("\\s+", " ")
                        .strip());
            }
            rows.add(cells.get(0) + " " + cells.get(4));
        }
        return rows;
    }

    /**
     * Calls the trend chart's bound method as echarts-api's script does: the page names a script that binds a
     * proxy with its URL and crumb, and the proxy POSTs the chart's configuration.
     */
    private static String trendModel(Session s, String page) throws Exception {
        Matcher script = Pattern.compile("<script src=\"[^\"]*?(\\$stapler/bound/script/[^\"]+)\"")
                .matcher(s.get(page).body());
        assertThat(script.find()).as("the page binds a trend chart").isTrue();
        String proxy = s.get(script.group(1).replace("&amp;", "&")).body();
        Matcher bound = Pattern.compile("makeStaplerProxy\\('[^']*?(\\$stapler/bound/[^']+)','([^']+)'")
                .matcher(proxy);
        assertThat(bound.find()).as(proxy).isTrue();
        Session.Answer a = s.postWithHeaders(
                bound.group(1) + "/getConfigurableBuildTrendModel",
                "application/x-stapler-method-invocation;charset=UTF-8",
                "[\"{\\\"numberOfBuilds\\\":20}\"]",
                "Crumb",
                bound.group(2));
        assertThat(a.status()).as(a.body()).isEqualTo(200);
        return Session.JSON.readTree(a.body()).asText();
    }
}
