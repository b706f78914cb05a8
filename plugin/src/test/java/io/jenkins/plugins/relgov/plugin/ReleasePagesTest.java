package io.jenkins.plugins.relgov.plugin;

import static io.jenkins.plugins.relgov.plugin.TestSupport.putInWorkspace;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import hudson.model.Item;
import hudson.model.Result;
import hudson.model.User;
import hudson.security.ACL;
import hudson.security.ACLContext;
import io.jenkins.plugins.relgov.plugin.approval.ApprovalAction;
import java.io.File;
import java.net.URL;
import java.util.List;
import jenkins.model.Jenkins;
import net.sf.json.JSONArray;
import net.sf.json.JSONObject;
import org.htmlunit.HttpMethod;
import org.htmlunit.WebRequest;
import org.htmlunit.html.DomElement;
import org.htmlunit.html.DomNode;
import org.htmlunit.html.HtmlPage;
import org.jenkinsci.plugins.workflow.cps.CpsFlowDefinition;
import org.jenkinsci.plugins.workflow.job.WorkflowJob;
import org.jenkinsci.plugins.workflow.job.WorkflowRun;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.MockAuthorizationStrategy;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;
import org.springframework.security.access.AccessDeniedException;

/**
 * The pages Jenkins users look at, on real governed builds: the build's summary and evidence page (a drill-down
 * per gate and approval, the exact verify command), the job's release history with its filters, and its trend
 * charts. Each escapes what a pipeline wrote, runs no inline script, and shows nothing to whoever cannot read
 * the job.
 */
@WithJenkins
class ReleasePagesTest {

    /** A branch name a pipeline author controls, made to run script if a page did not escape it. */
    private static final String HOSTILE_BRANCH = "release/<img src=x onerror=alert(1)>";

    @TempDir
    File tmp;

    private JenkinsRule r;

    @BeforeEach
    void setUp(JenkinsRule rule) throws Exception {
        r = rule;
        TestSupport.installAcme();
        TestSupport.signByDefault(tmp);
        r.jenkins.setSecurityRealm(r.createDummySecurityRealm());
        r.jenkins.setAuthorizationStrategy(new MockAuthorizationStrategy()
                .grant(Jenkins.ADMINISTER)
                .everywhere()
                .to("admin")
                .grant(Jenkins.READ)
                .everywhere()
                .toAuthenticated()
                .grant(Item.READ)
                .onPaths("shop")
                .to("rita", "sam", "viewer"));
    }

    /** A minor release to production: gates on real reports, rita's approval, a signature. */
    private WorkflowRun release(WorkflowJob p, String junit) throws Exception {
        putInWorkspace(p, junit, "reports/TEST-a.xml");
        putInWorkspace(p, "cobertura/cobertura-maven-java.xml", "reports/coverage.xml");
        putInWorkspace(p, "sarif/trivy-medium-only.sarif", "reports/scan.sarif");
        WorkflowRun b = p.scheduleBuild2(0).waitForStart();
        r.waitForMessage("[release-governance]", b);
        for (int i = 0; i < 300 && b.isBuilding() && b.getAction(ApprovalAction.class) == null; i++) {
            Thread.sleep(100);
        }
        if (b.isBuilding()) {
            r.waitForMessage("Waiting for", b);
            JenkinsRule.WebClient wc = r.createWebClient().withBasicApiToken("rita");
            wc.getPage(new WebRequest(
                    new URL(r.getURL(), b.getUrl() + "release-approval" + "/decide?decision=approve&reason=ship+it"),
                    HttpMethod.POST));
        }
        return r.waitForCompletion(b);
    }

    private WorkflowJob shop() throws Exception {
        WorkflowJob p = r.createProject(WorkflowJob.class, "shop");
        p.setDefinition(new CpsFlowDefinition(
                "node {\n"
                        + "  def rel = [policy: 'acme', version: 'v1.4.' + currentBuild.number, previousVersion: 'v1.3.2',"
                        + " environment: currentBuild.number == 3 ? 'staging' : 'production', branch: '"
                        + HOSTILE_BRANCH + "']\n"
                        + "  releaseGate(rel + [junit: 'reports/TEST-*.xml', coverage: 'reports/coverage.xml', sarif: 'reports/*.sarif'])\n"
                        + "  requireApproval(rel)\n"
                        + "  writeFile file: 'target/app.jar', text: 'the release artifact'\n"
                        + "  signArtifact files: 'target/app.jar'\n"
                        + "}",
                true));
        return p;
    }

    @Test
    void theEvidencePageDrillsIntoEachGateAndApprovalAndGivesTheExactVerifyCommand() throws Exception {
        WorkflowRun b = release(shop(), "junit/surefire-TEST-ed.agenda.daoTest.TestAgendaDaoExcel.xml");
        r.assertBuildStatusSuccess(b);
        HtmlPage page = r.createWebClient().login("rita").getPage(b, "release-governance/");
        String text = page.asNormalizedText();
        assertTrue(text.contains("approved by rita (release-manager)"), text);
        assertTrue(text.contains("release/<img src=x onerror=alert(1)>"), "the branch is shown as text");
        for (String check : List.of("tests", "coverage.line", "findings.critical", "branch")) {
            assertNotNull(
                    page.getFirstByXPath(
                            "//section[contains(@class,'relgov-gates')]//td[normalize-space(.)='" + check + "']"),
                    "a row for gate check " + check);
        }
        // the drill-down of a gate check holds its whole record
        DomElement details = page.getFirstByXPath("//section[contains(@class,'relgov-gates')]//details");
        assertNotNull(details);
        assertTrue(
                details.asXml().contains("&quot;rule&quot;")
                        || details.getTextContent().contains("\"rule\""),
                details.asXml());
        String name = "shop-v1.4.1-evidence.zip";
        assertTrue(text.contains("relgov verify " + name + " --key TRUSTED-SIGNING-KEY.pub.pem --policy acme"), text);
        assertTrue(text.contains(SealedEvidence.publicKey(b).fingerprint()), "the sealing key's fingerprint");
        // the bundle and OSCAL links answer
        assertEquals(
                "application/zip",
                r.createWebClient()
                        .login("rita")
                        .goTo(b.getUrl() + "release-governance/bundle", "application/zip")
                        .getWebResponse()
                        .getContentType());
        JSONObject oscal = JSONObject.fromObject(r.createWebClient()
                .login("rita")
                .goTo(b.getUrl() + "release-governance/oscal", "application/json")
                .getWebResponse()
                .getContentAsString());
        assertTrue(oscal.has("assessment-results"), oscal.toString(2));
        assertEscapedAndScriptFree(page);
    }

    @Test
    void theBuildPageSummarisesTheReleaseAndWhatIsStillMissing() throws Exception {
        WorkflowRun b = release(shop(), "junit/surefire-TEST-ed.agenda.daoTest.TestAgendaDaoExcel.xml");
        HtmlPage page = r.createWebClient().login("rita").getPage(b);
        DomElement summary = page.getFirstByXPath("//*[contains(@class,'relgov-summary')]");
        assertNotNull(summary, "the summary box");
        String text = summary.asNormalizedText();
        assertTrue(text.contains("v1.4.1"), text);
        assertTrue(text.contains("approved by rita (release-manager)"), text);
        assertTrue(text.contains("Still missing"), text); // acme's minor tier: no change record recorded
        assertEscapedAndScriptFree(page);
    }

    @Test
    void theJobPageListsEveryReleaseFiltersThemAndDrawsTheTrends() throws Exception {
        WorkflowJob p = shop();
        WorkflowRun good = release(p, "junit/surefire-TEST-ed.agenda.daoTest.TestAgendaDaoExcel.xml");
        WorkflowRun failing = release(p, "junit/playwright-junit-failure.xml");
        r.assertBuildStatus(Result.FAILURE, failing);
        WorkflowRun staging = release(p, "junit/surefire-TEST-ed.agenda.daoTest.TestAgendaDaoExcel.xml");
        r.assertBuildStatusSuccess(staging);

        JenkinsRule.WebClient wc = r.createWebClient().login("viewer");
        // the charts' scripts (bootstrap5-api, echarts-api) are modern JavaScript that HtmlUnit cannot parse; a real
        // browser draws them (e2e/)
        wc.setJavaScriptEnabled(false);
        HtmlPage all = wc.goTo("job/shop/release-governance/");
        assertEquals(List.of("#3", "#2", "#1"), buildColumn(all));
        String text = all.asNormalizedText();
        assertTrue(text.contains("released") || text.contains("approved"), text);
        assertTrue(text.contains("gate failed"), text);
        assertTrue(text.contains("failed (tests)"), "names the failed check: " + text);
        assertTrue(text.contains("rita (release-manager)"), text);
        assertEquals(List.of("#3"), buildColumn(wc.goTo("job/shop/release-governance/?environment=staging")));
        assertEquals(
                List.of("#2", "#1"),
                buildColumn(wc.goTo("job/shop/release-governance/?environment=production&tier=minor")));
        assertEquals(List.of(), buildColumn(wc.goTo("job/shop/release-governance/?tier=major")));
        assertEscapedAndScriptFree(all);

        // the job page carries the gate trend, drawn by echarts-api from a model the page asks for
        HtmlPage job = wc.goTo("job/shop/");
        assertNotNull(job.getFirstByXPath("//div[contains(@class,'echarts-trend')]"), "the trend chart");
        ReleaseHistoryAction history = p.getAction(ReleaseHistoryAction.class);
        JSONObject model;
        try (ACLContext ignored = ACL.as(User.getById("viewer", true))) {
            model = JSONObject.fromObject(
                    history.getGateTrend().getConfigurableBuildTrendModel("{\"numberOfBuilds\":2}"));
        }
        assertEquals(List.of(2, 3), ints(model.getJSONArray("buildNumbers")));
        JSONArray series = model.getJSONArray("series");
        assertEquals("passed", series.getJSONObject(0).getString("name"));
        assertEquals("failed", series.getJSONObject(2).getString("name"));
        // oldest build first, each value in its build's column: #2 failed its tests check, #3 passed all four
        assertEquals(List.of(3, 4), ints(series.getJSONObject(0).getJSONArray("data")), model.toString());
        assertEquals(List.of(1, 0), ints(series.getJSONObject(2).getJSONArray("data")), model.toString());
        // build #2 never reached its approval and #3's environment needs none: gaps in the lead time, not zeros
        JSONObject leadTime;
        try (ACLContext ignored = ACL.as(User.getById("viewer", true))) {
            leadTime = JSONObject.fromObject(
                    history.getLeadTimeTrend().getConfigurableBuildTrendModel("{\"numberOfBuilds\":3}"));
        }
        JSONArray minutes = leadTime.getJSONArray("series").getJSONObject(0).getJSONArray("data");
        assertEquals(3, minutes.size(), leadTime.toString());
        assertTrue(minutes.get(0) instanceof Number, "build #1 was approved: " + leadTime);
        assertTrue(net.sf.json.JSONNull.getInstance().equals(minutes.get(1)), leadTime.toString());
        assertTrue(net.sf.json.JSONNull.getInstance().equals(minutes.get(2)), leadTime.toString());
        try (ACLContext ignored = ACL.as(User.getById("outsider", true))) {
            assertThrows(
                    AccessDeniedException.class, () -> history.getQualityTrend().getConfigurableBuildTrendModel("{}"));
        }
    }

    @Test
    void whoeverCannotReadTheJobSeesNoneOfItsPages() throws Exception {
        WorkflowRun b = release(shop(), "junit/surefire-TEST-ed.agenda.daoTest.TestAgendaDaoExcel.xml");
        JenkinsRule.WebClient outsider = r.createWebClient().login("outsider");
        outsider.setThrowExceptionOnFailingStatusCode(false);
        for (String url : List.of(
                "job/shop/release-governance/",
                b.getUrl() + "release-governance/",
                b.getUrl() + "release-governance/bundle",
                b.getUrl() + "release-governance/oscal",
                b.getUrl() + "release-governance/ledger")) {
            int status = outsider.goTo(url, null).getWebResponse().getStatusCode();
            assertEquals(404, status, url);
        }
    }

    @Test
    void pipelinesWithoutGovernanceHaveNoReleasePage() throws Exception {
        WorkflowJob p = r.createProject(WorkflowJob.class, "plain");
        p.setDefinition(new CpsFlowDefinition("echo 'no governance here'", true));
        r.buildAndAssertSuccess(p);
        assertEquals(List.of(), p.getActions(ReleaseHistoryAction.class));
        assertEquals(ReleaseHistoryAction.class, new ReleaseHistoryAction.Factory().actionType());
        r.createWebClient().login("admin").goTo("job/plain/"); // the job page renders
    }

    private static List<String> buildColumn(HtmlPage page) {
        List<String> builds = new java.util.ArrayList<>();
        for (Object o : page.getByXPath("//table[contains(@class,'relgov-history')]/tbody/tr/td[1]")) {
            builds.add(((DomNode) o).asNormalizedText());
        }
        return builds;
    }

    private static List<Integer> ints(JSONArray a) {
        List<Integer> out = new java.util.ArrayList<>();
        for (int i = 0; i < a.size(); i++) {
            out.add(a.getInt(i));
        }
        return out;
    }

    /**
     * What a pipeline wrote never becomes markup, and our part of the page runs no inline script and no event
     * handler attribute (Jenkins' Content Security Policy forbids them).
     */
    static void assertEscapedAndScriptFree(HtmlPage page) {
        assertTrue(page.getByXPath("//img[@src='x']").isEmpty(), "a pipeline's text became markup");
        for (Object o : page.getByXPath("//*[contains(@class,'relgov-')]//script[not(@src)]")) {
            throw new AssertionError("inline script in a release governance page: " + ((DomNode) o).asXml());
        }
        for (Object o : page.getByXPath("//*[contains(@class,'relgov-')]//@*[starts-with(name(),'on')]")) {
            throw new AssertionError("event handler attribute in a release governance page: " + o);
        }
        assertFalse(page.getWebResponse().getContentAsString().contains("<img src=x"), "unescaped branch");
    }
}
