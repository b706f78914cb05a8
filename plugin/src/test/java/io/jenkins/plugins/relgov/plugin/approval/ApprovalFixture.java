package io.jenkins.plugins.relgov.plugin.approval;

import static org.junit.jupiter.api.Assertions.assertNotNull;

import hudson.model.Cause;
import hudson.model.CauseAction;
import hudson.model.Item;
import java.net.URL;
import jenkins.model.Jenkins;
import net.sf.json.JSONObject;
import org.htmlunit.HttpMethod;
import org.htmlunit.Page;
import org.htmlunit.WebRequest;
import org.htmlunit.html.HtmlPage;
import org.jenkinsci.plugins.workflow.cps.CpsFlowDefinition;
import org.jenkinsci.plugins.workflow.job.WorkflowJob;
import org.jenkinsci.plugins.workflow.job.WorkflowRun;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.MockAuthorizationStrategy;

/**
 * The people of the shipped {@code inopsio} policy, whose roles are Jenkins groups of the same name:
 * alice (executive-board), bob (ciso), carol (qa-lead), dave (product-manager), erin (devops-lead),
 * cyrus (executive-board and ciso), mallory (no role), trent (a developer who starts builds),
 * root (Jenkins administrator, no role).
 */
final class ApprovalFixture {

    static final String MAJOR = "def a = requireApproval policy: 'inopsio', version: '3.0.0', previousVersion: '2.4.1',"
            + " environment: 'production'\necho \"STATUS=${a.status} APPROVERS=${a.approvers}\"\n";
    static final String MINOR = "def a = requireApproval policy: 'inopsio', version: '2.5.0', previousVersion: '2.4.1',"
            + " environment: 'production'\necho \"STATUS=${a.status}\"\n";

    private ApprovalFixture() {}

    static void security(JenkinsRule r) {
        JenkinsRule.DummySecurityRealm realm = r.createDummySecurityRealm();
        realm.addGroups("alice", "executive-board");
        realm.addGroups("bob", "ciso");
        realm.addGroups("carol", "qa-lead");
        realm.addGroups("dave", "product-manager");
        realm.addGroups("erin", "devops-lead");
        realm.addGroups("cyrus", "executive-board", "ciso");
        realm.addGroups("trent", "developer");
        r.jenkins.setSecurityRealm(realm);
        r.jenkins.setAuthorizationStrategy(new MockAuthorizationStrategy()
                .grant(Jenkins.READ, Item.READ)
                .everywhere()
                .toAuthenticated()
                .grant(Jenkins.ADMINISTER)
                .everywhere()
                .to("root"));
    }

    static WorkflowJob job(JenkinsRule r, String name, String script) throws Exception {
        WorkflowJob p = r.createProject(WorkflowJob.class, name);
        p.setDefinition(new CpsFlowDefinition(script, true));
        return p;
    }

    /** Starts a build as {@code user} (the triggerer) and waits until it asks for approval. */
    static WorkflowRun startAs(JenkinsRule r, WorkflowJob p, String user) throws Exception {
        WorkflowRun b = p.scheduleBuild2(0, new CauseAction(new Cause.UserIdCause(user)))
                .waitForStart();
        r.waitForMessage("Waiting for", b);
        return b;
    }

    static ApprovalRequest request(WorkflowRun b) {
        ApprovalAction a = b.getAction(ApprovalAction.class);
        assertNotNull(a, "the build has an approval action");
        return a.getRequests().get(0);
    }

    /** Clicks a button of the approval page's form, as {@code user}; returns the HTTP status. */
    static int click(JenkinsRule r, WorkflowRun b, String user, String button, String comment) throws Exception {
        JenkinsRule.WebClient wc = r.createWebClient().login(user);
        wc.setThrowExceptionOnFailingStatusCode(false);
        HtmlPage page = wc.getPage(b, ApprovalAction.URL_NAME);
        var form = page.getFormByName("decide-1");
        if (comment != null) {
            form.getTextAreaByName("comment").setText(comment);
        }
        HtmlPage result = r.submit(form, button);
        return result.getWebResponse().getStatusCode();
    }

    /** The REST endpoint with an API token, as ChatOps would call it. */
    static Response rest(JenkinsRule r, WorkflowRun b, String user, String query) throws Exception {
        JenkinsRule.WebClient wc = r.createWebClient().withBasicApiToken(user);
        wc.setThrowExceptionOnFailingStatusCode(false);
        WebRequest req = new WebRequest(
                new URL(r.getURL(), b.getUrl() + ApprovalAction.URL_NAME + "/decide?" + query), HttpMethod.POST);
        Page page = wc.getPage(req);
        String body = page.getWebResponse().getContentAsString();
        return new Response(page.getWebResponse().getStatusCode(), body);
    }

    record Response(int status, String body) {
        JSONObject json() {
            return JSONObject.fromObject(body);
        }
    }
}
