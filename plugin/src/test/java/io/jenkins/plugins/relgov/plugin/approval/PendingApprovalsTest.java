package io.jenkins.plugins.relgov.plugin.approval;

import static io.jenkins.plugins.relgov.plugin.approval.ApprovalFixture.MAJOR;
import static io.jenkins.plugins.relgov.plugin.approval.ApprovalFixture.MINOR;
import static io.jenkins.plugins.relgov.plugin.approval.ApprovalFixture.job;
import static io.jenkins.plugins.relgov.plugin.approval.ApprovalFixture.rest;
import static io.jenkins.plugins.relgov.plugin.approval.ApprovalFixture.startAs;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import hudson.model.Item;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import jenkins.model.Jenkins;
import net.sf.json.JSONArray;
import net.sf.json.JSONObject;
import org.htmlunit.html.HtmlPage;
import org.jenkinsci.plugins.workflow.actions.LogAction;
import org.jenkinsci.plugins.workflow.graph.FlowNode;
import org.jenkinsci.plugins.workflow.graphanalysis.DepthFirstScanner;
import org.jenkinsci.plugins.workflow.job.WorkflowJob;
import org.jenkinsci.plugins.workflow.job.WorkflowRun;
import org.jenkinsci.plugins.workflow.support.actions.PauseAction;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.MockAuthorizationStrategy;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

/** "Pending approvals" shows each user what waits for them, and nothing they may not see. */
@WithJenkins
class PendingApprovalsTest {

    private JenkinsRule r;

    @BeforeEach
    void setUp(JenkinsRule rule) {
        r = rule;
        ApprovalFixture.security(r);
    }

    @AfterEach
    void resetClock() {
        ApprovalAction.clock = Clock.systemUTC();
    }

    @Test
    void eachUserSeesWhatTheyMayDecideOldestFirst() throws Exception {
        WorkflowRun major = startAs(r, job(r, "platform", MAJOR), "trent");
        WorkflowRun minor = startAs(r, job(r, "billing", MINOR), "trent");

        // alice (executive-board) sees only the major release
        JSONArray alice = items("alice");
        assertEquals(1, alice.size(), alice.toString());
        assertEquals("platform", alice.getJSONObject(0).getString("job"));
        assertEquals("approval", alice.getJSONObject(0).getString("kind"));
        assertEquals(
                List.of("approve", "reject"), strings(alice.getJSONObject(0).getJSONArray("actions")));

        // carol (qa-lead, first in the minor tier's order) sees only the minor release
        JSONArray carol = items("carol");
        assertEquals(1, carol.size(), carol.toString());
        assertEquals("billing", carol.getJSONObject(0).getString("job"));
        assertEquals(
                List.of("qa-lead (1 more)", "product-manager (1 more)"),
                strings(carol.getJSONObject(0).getJSONArray("missing")));

        // dave (product-manager) cannot approve before qa-lead, but may reject
        JSONArray dave = items("dave");
        assertEquals(1, dave.size(), dave.toString());
        assertEquals(List.of("reject"), strings(dave.getJSONObject(0).getJSONArray("actions")));

        // cyrus (executive-board and ciso) and bob (ciso): the major release only; mallory: nothing
        assertEquals(1, items("bob").size());
        assertEquals(0, items("mallory").size());

        // trent started both builds: nothing for him to approve
        assertEquals(0, items("trent").size());

        // once alice approved, the major release leaves her inbox and stays in bob's
        assertEquals(200, rest(r, major, "alice", "decision=approve").status());
        assertEquals(0, items("alice").size());
        assertEquals(1, items("bob").size());

        // the page lists the same, with a link to the approval page
        HtmlPage page = r.createWebClient().login("carol").goTo("release-approvals/");
        assertTrue(page.asNormalizedText().contains("billing #1"), page.asNormalizedText());
        assertTrue(page.getAnchors().stream()
                .anyMatch(a -> a.getHrefAttribute().endsWith(minor.getUrl() + "release-approval/")));
        stopAll(major, minor);
    }

    @Test
    void allICanSeeListsEveryOpenRequestWhoeverItWaitsFor() throws Exception {
        WorkflowRun major = startAs(r, job(r, "platform", MAJOR), "trent");
        WorkflowRun minor = startAs(r, job(r, "billing", MINOR), "trent");

        // mallory holds no role: nothing waits for her, but she can see both open requests, and may do nothing
        assertEquals(0, items("mallory").size());
        JSONArray all = items("mallory", "all");
        assertEquals(List.of("platform", "billing"), jobs(all));
        assertEquals(List.of(), strings(all.getJSONObject(0).getJSONArray("actions")));
        // alice sees her own request with what she may do, and the other one with nothing to do
        JSONArray alice = items("alice", "all");
        assertEquals(
                List.of("approve", "reject"), strings(alice.getJSONObject(0).getJSONArray("actions")));
        assertEquals(List.of(), strings(alice.getJSONObject(1).getJSONArray("actions")));

        // the page switches between the two with plain links
        HtmlPage mine = r.createWebClient().login("mallory").goTo("release-approvals/");
        assertTrue(mine.asNormalizedText().contains("Nothing waits for you."), mine.asNormalizedText());
        HtmlPage seen = mine.getAnchorByText("All I can see").click();
        assertTrue(seen.asNormalizedText().contains("platform #1"), seen.asNormalizedText());
        assertTrue(seen.asNormalizedText().contains("billing #1"), seen.asNormalizedText());
        stopAll(major, minor);
    }

    @Test
    void thePausedBuildLinksToItsApprovalPageFromItsLogItsSidePanelAndItsSummary() throws Exception {
        WorkflowRun b = startAs(r, job(r, "billing", MINOR), "trent");
        String approvalPage = b.getUrl() + ApprovalAction.URL_NAME + "/";
        JenkinsRule.WebClient carol = r.createWebClient().login("carol");
        carol.setJavaScriptEnabled(false);
        // the paused step's own log (what the stage view and Pipeline Graph View show for the paused node)
        FlowNode paused = new DepthFirstScanner()
                .allNodes(b.getExecution()).stream()
                        .filter(n -> n.getPersistentAction(PauseAction.class) != null)
                        .findFirst()
                        .orElseThrow();
        LogAction log = paused.getAction(LogAction.class);
        java.io.StringWriter html = new java.io.StringWriter();
        log.getLogText().writeHtmlTo(0, html);
        assertTrue(html.toString().contains(approvalPage + "'>Approve or reject release 2.5.0</a>"), html.toString());
        // (the console page of a running build fills itself by script; it renders the same annotated log)
        // the side panel and the summary box
        HtmlPage build = carol.getPage(b);
        assertTrue(
                build.getAnchors().stream()
                        .anyMatch(a -> a.getHrefAttribute().endsWith(b.getUrl() + ApprovalAction.URL_NAME)
                                && a.getTextContent().contains("Release approval")),
                "the side panel's link");
        assertTrue(
                build.getAnchors().stream()
                        .anyMatch(a -> a.getTextContent().equals("Approve or reject")
                                && a.getHrefAttribute().equals("release-approval/")),
                build.asNormalizedText());
        stopAll(b);
    }

    @Test
    void requestsOfJobsAUserCannotReadAreNotListed() throws Exception {
        WorkflowJob secret = job(r, "secret", MAJOR);
        WorkflowJob open = job(r, "open", MAJOR);
        r.jenkins.setAuthorizationStrategy(new MockAuthorizationStrategy()
                .grant(Jenkins.READ)
                .everywhere()
                .toAuthenticated()
                .grant(Item.READ)
                .onItems(open)
                .toAuthenticated()
                .grant(Item.READ)
                .onItems(secret)
                .to("bob"));
        WorkflowRun s = startAs(r, secret, "trent");
        WorkflowRun o = startAs(r, open, "trent");
        assertEquals(List.of("open"), jobs(items("alice")));
        assertEquals(List.of("secret", "open"), jobs(items("bob")));
        assertEquals(List.of("open"), jobs(items("alice", "all")));
        stopAll(s, o);
    }

    @Test
    void overduePostHocReviewsStayVisibleUntilDone() throws Exception {
        WorkflowRun b = startAs(r, job(r, "platform", MAJOR), "trent");
        assertEquals(
                200, rest(r, b, "root", "decision=break-glass&reason=INC-7").status());
        r.assertBuildStatusSuccess(r.waitForCompletion(b));

        // within 72 h: bob (ciso) sees the review he may sign; mallory sees nothing
        JSONArray bob = items("bob");
        assertEquals(1, bob.size(), bob.toString());
        assertEquals("review:break-glass", bob.getJSONObject(0).getString("kind"));
        assertEquals(false, bob.getJSONObject(0).getBoolean("overdue"));
        assertEquals(0, items("mallory").size());

        // 73 h later the review is overdue: shown to everyone who can read the job, flagged
        ApprovalAction.clock = Clock.offset(Clock.systemUTC(), Duration.ofHours(73));
        JSONArray late = items("mallory");
        assertEquals(1, late.size(), late.toString());
        assertTrue(late.getJSONObject(0).getBoolean("overdue"));
        assertEquals(List.of(), strings(late.getJSONObject(0).getJSONArray("actions")));

        // signed by both roles: gone from every inbox
        assertEquals(200, rest(r, b, "bob", "decision=review").status());
        assertEquals(200, rest(r, b, "erin", "decision=review").status());
        assertEquals(0, items("mallory").size());
        assertEquals(0, items("bob").size());
        assertEquals(
                "COMPLETED_LATE", ApprovalFixture.request(b).getReviews().get(0).getStatus());
    }

    @Test
    void anonymousUsersSeeNoInbox() throws Exception {
        startAs(r, job(r, "platform", MAJOR), "trent");
        r.jenkins.setAuthorizationStrategy(new MockAuthorizationStrategy()
                .grant(Jenkins.READ, Item.READ)
                .everywhere()
                .toEveryone());
        JenkinsRule.WebClient anon = r.createWebClient();
        JSONObject json = anon.getJSON("release-approvals/api/json?depth=1").getJSONObject();
        assertEquals(0, json.getJSONArray("items").size());
    }

    private JSONArray items(String user) throws Exception {
        return items(user, "mine");
    }

    private JSONArray items(String user, String scope) throws Exception {
        return r.createWebClient()
                .withBasicApiToken(user)
                .getJSON("release-approvals/api/json?depth=1&scope=" + scope)
                .getJSONObject()
                .getJSONArray("items");
    }

    private static List<String> jobs(JSONArray items) {
        List<String> jobs = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            jobs.add(items.getJSONObject(i).getString("job"));
        }
        return jobs;
    }

    private static List<String> strings(JSONArray a) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < a.size(); i++) {
            out.add(a.getString(i));
        }
        return out;
    }

    private void stopAll(WorkflowRun... runs) throws Exception {
        for (WorkflowRun b : runs) {
            b.doStop();
            r.waitForCompletion(b);
        }
    }
}
