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
import org.jenkinsci.plugins.workflow.job.WorkflowJob;
import org.jenkinsci.plugins.workflow.job.WorkflowRun;
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
        assertEquals(List.of("approve", "reject"), strings(alice.getJSONObject(0).getJSONArray("actions")));

        // carol (qa-lead, first in the minor tier's order) sees only the minor release
        JSONArray carol = items("carol");
        assertEquals(1, carol.size(), carol.toString());
        assertEquals("billing", carol.getJSONObject(0).getString("job"));
        assertEquals(List.of("qa-lead (1 more)", "product-manager (1 more)"),
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
        assertTrue(page.getAnchors().stream().anyMatch(a -> a.getHrefAttribute().endsWith(minor.getUrl() + "release-approval/")));
        stopAll(major, minor);
    }

    @Test
    void requestsOfJobsAUserCannotReadAreNotListed() throws Exception {
        WorkflowJob secret = job(r, "secret", MAJOR);
        WorkflowJob open = job(r, "open", MAJOR);
        r.jenkins.setAuthorizationStrategy(new MockAuthorizationStrategy()
                .grant(Jenkins.READ).everywhere().toAuthenticated()
                .grant(Item.READ).onItems(open).toAuthenticated()
                .grant(Item.READ).onItems(secret).to("bob"));
        WorkflowRun s = startAs(r, secret, "trent");
        WorkflowRun o = startAs(r, open, "trent");
        assertEquals(List.of("open"), jobs(items("alice")));
        assertEquals(List.of("secret", "open"), jobs(items("bob")));
        stopAll(s, o);
    }

    @Test
    void overduePostHocReviewsStayVisibleUntilDone() throws Exception {
        WorkflowRun b = startAs(r, job(r, "platform", MAJOR), "trent");
        assertEquals(200, rest(r, b, "root", "decision=break-glass&reason=INC-7").status());
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
        assertEquals("COMPLETED_LATE", ApprovalFixture.request(b).getReviews().get(0).getStatus());
    }

    @Test
    void anonymousUsersSeeNoInbox() throws Exception {
        startAs(r, job(r, "platform", MAJOR), "trent");
        r.jenkins.setAuthorizationStrategy(new MockAuthorizationStrategy()
                .grant(Jenkins.READ, Item.READ).everywhere().toEveryone());
        JenkinsRule.WebClient anon = r.createWebClient();
        JSONObject json = anon.getJSON("release-approvals/api/json?depth=1").getJSONObject();
        assertEquals(0, json.getJSONArray("items").size());
    }

    private JSONArray items(String user) throws Exception {
        return r.createWebClient().withBasicApiToken(user).getJSON("release-approvals/api/json?depth=1")
                .getJSONObject().getJSONArray("items");
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
