package io.jenkins.plugins.relgov.plugin.approval;

import static io.jenkins.plugins.relgov.plugin.approval.ApprovalFixture.MAJOR;
import static io.jenkins.plugins.relgov.plugin.approval.ApprovalFixture.click;
import static io.jenkins.plugins.relgov.plugin.approval.ApprovalFixture.job;
import static io.jenkins.plugins.relgov.plugin.approval.ApprovalFixture.request;
import static io.jenkins.plugins.relgov.plugin.approval.ApprovalFixture.rest;
import static io.jenkins.plugins.relgov.plugin.approval.ApprovalFixture.startAs;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import hudson.FilePath;
import hudson.model.Result;
import hudson.model.Run;
import hudson.model.TaskListener;
import hudson.model.listeners.SCMListener;
import io.jenkins.plugins.relgov.approval.ApprovalStatus;
import io.jenkins.plugins.relgov.evidence.LedgerEvent;
import io.jenkins.plugins.relgov.plugin.BuildLedger;
import io.jenkins.plugins.relgov.plugin.GovernedRelease;
import io.jenkins.plugins.relgov.plugin.TestSupport;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.zip.ZipFile;
import org.htmlunit.html.HtmlPage;
import org.jenkinsci.plugins.workflow.cps.replay.ReplayAction;
import org.jenkinsci.plugins.workflow.graph.FlowNode;
import org.jenkinsci.plugins.workflow.job.WorkflowJob;
import org.jenkinsci.plugins.workflow.job.WorkflowRun;
import org.jenkinsci.plugins.workflow.steps.Step;
import org.jenkinsci.plugins.workflow.steps.StepContext;
import org.jenkinsci.plugins.workflow.steps.StepDescriptor;
import org.jenkinsci.plugins.workflow.steps.StepExecution;
import org.jenkinsci.plugins.workflow.steps.StepExecutions;
import org.jenkinsci.plugins.workflow.support.actions.PauseAction;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.jvnet.hudson.test.FakeChangeLogSCM;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.TestExtension;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;
import org.kohsuke.stapler.DataBoundConstructor;

/**
 * The approver's experience on real pipelines: each refusal the policy demands is attempted as an attack
 * with the attacker's real Jenkins identity, and must be refused with a visible reason and recorded.
 */
@WithJenkins
class RequireApprovalStepTest {

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
    void twoRoleQuorumIsCompletedByTwoPeopleThroughThePageAndTheRestApi() throws Exception {
        WorkflowJob p = job(r, "shop", MAJOR);
        WorkflowRun b = startAs(r, p, "trent");
        assertTrue(b.isBuilding());
        FlowNode paused = pausedNode(b);
        assertTrue(PauseAction.isPaused(paused), "the node shows as paused for input");

        assertEquals(200, click(r, b, "alice", "approve", "board agrees"));
        ApprovalRequest req = request(b);
        assertEquals("OPEN", req.getStatus());
        assertEquals(List.of("ciso (1 more)"), req.getMissing());
        assertTrue(b.isBuilding(), "one role of two is not enough");

        var answer = rest(r, b, "bob", "decision=approve&comment=security+ok");
        assertEquals(200, answer.status(), answer.body());
        assertTrue(answer.json().getBoolean("accepted"));
        assertEquals("APPROVED", answer.json().getString("status"));

        r.assertBuildStatusSuccess(r.waitForCompletion(b));
        r.assertLogContains("STATUS=APPROVED", b);
        r.assertLogContains("user:alice", b); // Groovy prints the maps the step returns as [role:..., user:...]
        r.assertLogContains("user:bob", b);
        assertFalse(PauseAction.isPaused(paused), "the pause ended");
        assertTrue(GovernedRelease.of(b).isApproved(), "signArtifact will see the release approved");

        List<LedgerEvent> decided = BuildLedger.of(b).events().stream()
                .filter(e -> e.type().equals("approval-decided"))
                .toList();
        assertEquals(
                Set.of("alice", "bob"),
                decided.stream()
                        .map(LedgerEvent::actor)
                        .filter(a -> !a.equals("jenkins"))
                        .collect(java.util.stream.Collectors.toSet()));
    }

    @Test
    void theTriggererCannotApproveTheirOwnBuild() throws Exception {
        WorkflowRun b = startAs(r, job(r, "shop", MAJOR), "alice");
        var answer = rest(r, b, "alice", "decision=approve");
        assertEquals(403, answer.status());
        assertEquals("triggerer", answer.json().getString("reason"));
        assertTrue(answer.json().getString("message").contains("started this build"), answer.body());
        assertRefusedAndStillOpen(b, "alice");

        // the page shows no Approve button to alice, and says why
        HtmlPage page = r.createWebClient().login("alice").getPage(b, ApprovalAction.URL_NAME);
        assertTrue(page.asNormalizedText().contains("You cannot approve this request"));
        assertTrue(page.asNormalizedText().contains("started this build"));
        assertTrue(page.getByXPath("//button[@name='approve']").isEmpty());
        stop(b);
    }

    @Test
    void whoeverStartedAnUpstreamBuildCannotApproveEither() throws Exception {
        WorkflowJob upstream = job(r, "trigger", "echo 'release train'");
        WorkflowRun u = r.assertBuildStatusSuccess(
                upstream.scheduleBuild2(0, new hudson.model.CauseAction(new hudson.model.Cause.UserIdCause("alice"))));
        WorkflowJob p = job(r, "shop", MAJOR);
        WorkflowRun b = p.scheduleBuild2(0, new hudson.model.CauseAction(new hudson.model.Cause.UpstreamCause(u)))
                .waitForStart();
        r.waitForMessage("Waiting for", b);
        var answer = rest(r, b, "alice", "decision=approve");
        assertEquals(403, answer.status());
        assertEquals("triggerer", answer.json().getString("reason"));
        stop(b);
    }

    @Test
    void aCommitAuthorCannotApproveTheRelease() throws Exception {
        WorkflowJob p = job(r, "shop", "node { fakeCommits authors: ['bob'] }\n" + MAJOR);
        WorkflowRun b = startAs(r, p, "trent");
        var answer = rest(r, b, "bob", "decision=approve");
        assertEquals(403, answer.status());
        assertEquals("commit-author", answer.json().getString("reason"));
        assertRefusedAndStillOpen(b, "bob");
        stop(b);
    }

    @Test
    void onePersonCannotFillTwoRoles() throws Exception {
        WorkflowRun b = startAs(r, job(r, "shop", MAJOR), "trent");
        // cyrus is on the executive board and is the CISO: the page lets him choose which role he fills
        JenkinsRule.WebClient wc = r.createWebClient().login("cyrus");
        HtmlPage page = wc.getPage(b, ApprovalAction.URL_NAME);
        var form = page.getFormByName("decide-1");
        org.htmlunit.html.HtmlSelect role = form.getSelectByName("role");
        assertEquals(
                List.of("executive-board", "ciso"),
                role.getOptions().stream()
                        .map(org.htmlunit.html.HtmlOption::getValueAttribute)
                        .toList());
        role.setSelectedAttribute("ciso", true);
        r.submit(form, "approve");
        assertEquals(List.of("executive-board (1 more)"), request(b).getMissing());

        // and cannot fill the other one too, by page or by REST
        var second = rest(r, b, "cyrus", "decision=approve&role=executive-board");
        assertEquals(403, second.status());
        assertEquals("already-approved", second.json().getString("reason"));
        assertTrue(r.createWebClient()
                .login("cyrus")
                .getPage(b, ApprovalAction.URL_NAME)
                .getByXPath("//button[@name='approve']")
                .isEmpty());
        assertEquals(List.of("executive-board (1 more)"), request(b).getMissing());
        assertTrue(b.isBuilding());
        stop(b);
    }

    @Test
    void peopleOutsideTheRolesAndAnonymousCallersCannotDecide() throws Exception {
        WorkflowRun b = startAs(r, job(r, "shop", MAJOR), "trent");
        var outsider = rest(r, b, "mallory", "decision=approve");
        assertEquals(403, outsider.status());
        assertEquals("not-a-member", outsider.json().getString("reason"));
        var reject = rest(r, b, "mallory", "decision=reject&reason=because");
        assertEquals(403, reject.status());

        // the form path refuses with a page naming the reason
        JenkinsRule.WebClient wc = r.createWebClient().login("mallory");
        HtmlPage page = wc.getPage(b, ApprovalAction.URL_NAME);
        assertTrue(page.getByXPath("//form[@name='decide-1']").isEmpty(), "mallory gets no buttons");

        // anonymous: Jenkins itself refuses (no Item.READ), nothing reaches the engine
        JenkinsRule.WebClient anon = r.createWebClient();
        anon.setThrowExceptionOnFailingStatusCode(false);
        var req = new org.htmlunit.WebRequest(
                new java.net.URL(r.getURL(), b.getUrl() + "release-approval/decide?decision=approve"),
                org.htmlunit.HttpMethod.POST);
        int status = anon.getPage(req).getWebResponse().getStatusCode();
        assertTrue(status == 403 || status == 404, "anonymous got " + status);

        // a GET cannot decide (POST only)
        JenkinsRule.WebClient alice = r.createWebClient().withBasicApiToken("alice");
        alice.setThrowExceptionOnFailingStatusCode(false);
        int get = alice.goTo(b.getUrl() + "release-approval/decide?decision=approve", null)
                .getWebResponse()
                .getStatusCode();
        assertEquals(405, get);
        assertEquals(
                List.of("executive-board (1 more)", "ciso (1 more)"), request(b).getMissing());

        // the refusals are on the evidence page; mallory named no role, which shows as an empty cell, not "null"
        String evidence = r.createWebClient()
                .login("alice")
                .goTo(b.getUrl() + "release-governance/")
                .getWebResponse()
                .getContentAsString();
        assertTrue(evidence.contains("mallory"), evidence);
        assertFalse(evidence.contains("<td>null</td>"), evidence);
        stop(b);
    }

    @Test
    void administratorsOnlyBreakGlassWithAReasonAndAReviewFollows() throws Exception {
        WorkflowRun b = startAs(r, job(r, "shop", MAJOR), "trent");
        var plain = rest(r, b, "root", "decision=approve");
        assertEquals(403, plain.status(), "an administrator is an ordinary user for approvals");
        assertEquals("not-a-member", plain.json().getString("reason"));
        var noReason = rest(r, b, "root", "decision=break-glass");
        assertEquals(403, noReason.status());
        assertEquals("missing-reason", noReason.json().getString("reason"));
        var glass = rest(r, b, "root", "decision=break-glass&reason=INC-42+payment+outage");
        assertEquals(200, glass.status(), glass.body());

        r.assertBuildStatusSuccess(r.waitForCompletion(b));
        r.assertLogContains("break-glass", b);
        ApprovalRequest req = request(b);
        assertEquals(1, req.getReviews().size());
        assertEquals("OPEN", req.getReviews().get(0).getStatus());
        assertEquals(List.of("ciso", "devops-lead"), req.getReviews().get(0).getMissingRoles());

        // the review stays visible until done; root cannot review their own break-glass
        assertEquals(403, rest(r, b, "root", "decision=review").status());
        assertEquals(200, rest(r, b, "bob", "decision=review&comment=checked").status());
        assertEquals(200, rest(r, b, "erin", "decision=review&comment=checked").status());
        assertEquals("COMPLETED", request(b).getReviews().get(0).getStatus());
    }

    @Test
    void aRejectionAbortsTheBuildNamingTheRejecterAndTheReason() throws Exception {
        WorkflowRun b = startAs(r, job(r, "shop", MAJOR), "trent");
        var noReason = rest(r, b, "bob", "decision=reject");
        assertEquals(403, noReason.status());
        assertEquals("missing-reason", noReason.json().getString("reason"));
        assertEquals(
                200,
                rest(r, b, "bob", "decision=reject&reason=pen+test+findings+open")
                        .status());
        r.assertBuildStatus(Result.ABORTED, r.waitForCompletion(b));
        r.assertLogContains("Release rejected by bob: pen test findings open", b);
        assertEquals("REJECTED", request(b).getStatus());
        assertEquals(ApprovalStatus.REJECTED, GovernedRelease.of(b).getApprovalStatus());
        // settled: later decisions are refused with 409
        assertEquals(409, rest(r, b, "alice", "decision=approve").status());
    }

    @Test
    void aTimeoutAbortsTheBuildNamingWhatIsMissing() throws Exception {
        WorkflowJob p = job(
                r,
                "shop",
                "requireApproval policy: 'inopsio', version: '3.0.0', previousVersion: '2.4.1',"
                        + " environment: 'production', timeout: '2s'\necho 'not reached'");
        WorkflowRun b = startAs(r, p, "trent");
        r.assertBuildStatus(Result.ABORTED, r.waitForCompletion(b));
        r.assertLogContains("Release approval timed out", b);
        r.assertLogContains("executive-board (1 more)", b);
        r.assertLogNotContains("not reached", b);
        assertEquals("TIMED_OUT", request(b).getStatus());
    }

    @Test
    void aPipelineCannotExtendThePolicysTimeout() throws Exception {
        WorkflowJob p = job(
                r,
                "shop",
                "requireApproval policy: 'inopsio', version: '3.0.0', previousVersion: '2.4.1',"
                        + " environment: 'production', timeout: '30d'");
        WorkflowRun b = startAs(r, p, "trent");
        r.assertLogContains("ignored", b);
        // inopsio's major tier: 7 days
        assertEquals(
                Duration.ofDays(7),
                Duration.between(
                        request(b).state().openedAt(), request(b).state().deadline()));
        stop(b);
    }

    @Test
    void aReplayedBuildIsRefusedByPolicy() throws Exception {
        WorkflowJob p = job(r, "shop", "echo 'first'");
        WorkflowRun b1 = r.buildAndAssertSuccess(p);
        ReplayAction replay = b1.getAction(ReplayAction.class);
        assertNotNull(replay);
        WorkflowRun b2 = (WorkflowRun) replay.run(MAJOR, Map.of(), false).get();
        r.assertBuildStatus(Result.ABORTED, b2);
        r.assertLogContains("Replay", b2);
        assertEquals("REJECTED", request(b2).getStatus());
    }

    @Test
    void abortingTheBuildWithdrawsTheRequest() throws Exception {
        WorkflowRun b = startAs(r, job(r, "shop", MAJOR), "trent");
        List<String> warnings = new java.util.concurrent.CopyOnWriteArrayList<>();
        java.util.logging.Handler h = new java.util.logging.Handler() {
            @Override
            public void publish(java.util.logging.LogRecord rec) {
                if (rec.getLevel().intValue() >= java.util.logging.Level.WARNING.intValue()) {
                    warnings.add(rec.getMessage() + " " + rec.getThrown());
                }
            }

            @Override
            public void flush() {}

            @Override
            public void close() {}
        };
        java.util.logging.Logger.getLogger("").addHandler(h);
        try {
            b.doStop();
            r.assertBuildStatus(Result.ABORTED, r.waitForCompletion(b));
            Thread.sleep(500);
        } finally {
            java.util.logging.Logger.getLogger("").removeHandler(h);
        }
        // the step ends only once its pause has ended: no "Cannot save actions ... for completed execution"
        assertTrue(warnings.stream().noneMatch(w -> w.contains("Cannot save actions")), warnings.toString());
        // the withdrawal is recorded off the CPS thread; give it a moment
        for (int i = 0; i < 100 && !request(b).getStatus().equals("CANCELLED"); i++) {
            Thread.sleep(100);
        }
        assertEquals("CANCELLED", request(b).getStatus());
        assertTrue(request(b).getSettlement().contains("aborted"), request(b).getSettlement());
        assertEquals(409, rest(r, b, "alice", "decision=approve").status());
    }

    @Test
    void theHotfixPathDeploysAtOnceAndOpensAPostHocReview() throws Exception {
        WorkflowJob p = job(
                r,
                "shop",
                "def a = requireApproval policy: 'inopsio', version: '2.4.2',"
                        + " previousVersion: '2.4.1', environment: 'production', branch: 'hotfix/payment-timeout'\n"
                        + "echo \"STATUS=${a.status}\"");
        WorkflowRun b = r.buildAndAssertSuccess(p);
        r.assertLogContains("STATUS=APPROVED", b);
        r.assertLogContains("post-hoc review", b);
        ApprovalRequest req = request(b);
        assertEquals("emergency", req.getTier());
        assertEquals("OPEN", req.getReviews().get(0).getStatus());
        assertEquals(List.of("ciso", "devops-lead"), req.getReviews().get(0).getMissingRoles());
        // the reviewers find it in their inbox; the review is signed through the same endpoint
        assertEquals(
                1,
                r.createWebClient()
                        .withBasicApiToken("erin")
                        .getJSON("release-approvals/api/json?depth=1")
                        .getJSONObject()
                        .getJSONArray("items")
                        .size());
        assertEquals(
                200,
                rest(r, b, "erin", "decision=review&comment=rollback+plan+verified")
                        .status());
        assertEquals(List.of("ciso"), request(b).getReviews().get(0).getMissingRoles());
    }

    @Test
    void aReviewSignedAfterTheBuildReachesTheSealedBundle(@TempDir File keys) throws Exception {
        TestSupport.signByDefault(keys);
        WorkflowJob p = job(
                r,
                "hotfix",
                "requireApproval policy: 'inopsio', version: '2.4.2',"
                        + " previousVersion: '2.4.1', environment: 'production', branch: 'hotfix/payment-timeout'");
        WorkflowRun b = r.buildAndAssertSuccess(p);
        r.assertLogContains("evidence sealed", b);
        assertEquals(
                200,
                rest(r, b, "erin", "decision=review&comment=rollback+plan+verified")
                        .status());
        assertEquals(
                200,
                rest(r, b, "bob", "decision=review&comment=security+impact+reviewed")
                        .status());
        // the build is sealed again, in the background, over the longer ledger
        int events = BuildLedger.of(b).events().size();
        GovernedRelease release = GovernedRelease.of(b);
        for (int i = 0; i < 100 && release.getSealedEvents() != events; i++) {
            Thread.sleep(100);
        }
        assertEquals(events, release.getSealedEvents());
        Path bundle = TestSupport.verifiedBundle(r, r.createWebClient().withBasicApiToken("root"), b, keys);
        try (ZipFile z = new ZipFile(bundle.toFile())) {
            String ledger =
                    new String(z.getInputStream(z.getEntry("ledger.jsonl")).readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(ledger.contains("security impact reviewed"), ledger);
            assertTrue(ledger.contains("rollback plan verified"), ledger);
        }
    }

    @Test
    void anEnvironmentThatPromotesAutomaticallyNeedsNoApproval() throws Exception {
        WorkflowJob p = job(
                r,
                "shop",
                "def a = requireApproval policy: 'inopsio', version: '3.0.0',"
                        + " previousVersion: '2.4.1', environment: 'staging'\necho \"STATUS=${a.status}\"");
        WorkflowRun b = r.buildAndAssertSuccess(p);
        r.assertLogContains("STATUS=NOT_REQUIRED", b);
        assertNull(b.getAction(ApprovalAction.class));
    }

    @Test
    void badRestInputIsAnsweredClearly() throws Exception {
        WorkflowRun b = startAs(r, job(r, "shop", MAJOR), "trent");
        var bogus = rest(r, b, "alice", "decision=maybe");
        assertEquals(400, bogus.status());
        assertTrue(bogus.json().getString("message").contains("approve, reject, break-glass, review"));
        var unknown = rest(r, b, "alice", "decision=approve&request=7");
        assertEquals(404, unknown.status());
        stop(b);
    }

    private void assertRefusedAndStillOpen(WorkflowRun b, String user) {
        ApprovalRequest req = request(b);
        assertEquals("OPEN", req.getStatus());
        assertTrue(req.getRefusals().stream().anyMatch(l -> l.getUser().equals(user)), "the refusal is recorded");
        assertTrue(b.isBuilding());
    }

    private void stop(WorkflowRun b) throws Exception {
        b.doStop();
        r.waitForCompletion(b);
    }

    private static FlowNode pausedNode(WorkflowRun b) throws Exception {
        for (FlowNode n : new org.jenkinsci.plugins.workflow.graph.FlowGraphWalker(b.getExecution())) {
            if (!PauseAction.getPauseActions(n).isEmpty()) {
                return n;
            }
        }
        throw new AssertionError("no paused node");
    }

    /** Records changes authored by the given users, as a real SCM checkout would. */
    public static final class FakeCommitsStep extends Step {
        private final List<String> authors;

        @DataBoundConstructor
        public FakeCommitsStep(List<String> authors) {
            this.authors = List.copyOf(authors);
        }

        public List<String> getAuthors() {
            return authors;
        }

        @Override
        public StepExecution start(StepContext context) {
            return StepExecutions.synchronousNonBlockingVoid(context, c -> {
                Run<?, ?> run = c.get(Run.class);
                FilePath ws = c.get(FilePath.class);
                TaskListener listener = c.get(TaskListener.class);
                FakeChangeLogSCM scm = new FakeChangeLogSCM();
                authors.forEach(a -> scm.addChange().withAuthor(a).withMsg("change by " + a));
                File changelog = new File(run.getRootDir(), "changelog-fake.xml");
                scm.checkout(run, null, ws, listener, changelog, null);
                for (SCMListener l : SCMListener.all()) {
                    l.onCheckout(run, scm, ws, listener, changelog, null);
                }
            });
        }

        @TestExtension("aCommitAuthorCannotApproveTheRelease")
        public static final class DescriptorImpl extends StepDescriptor {
            @Override
            public String getFunctionName() {
                return "fakeCommits";
            }

            @Override
            public Set<? extends Class<?>> getRequiredContext() {
                return Set.of(Run.class, FilePath.class, TaskListener.class);
            }
        }
    }
}
