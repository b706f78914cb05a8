package io.jenkins.plugins.relgov.plugin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import hudson.model.Cause;
import hudson.model.CauseAction;
import hudson.model.Item;
import hudson.model.Run;
import io.jenkins.plugins.relgov.evidence.BundleVerifier;
import io.jenkins.plugins.relgov.evidence.EventType;
import io.jenkins.plugins.relgov.evidence.VerificationReport;
import io.jenkins.plugins.relgov.signing.Dsse;
import io.jenkins.plugins.relgov.signing.VerificationKey;
import java.io.File;
import java.net.URL;
import java.nio.file.Path;
import java.util.List;
import jenkins.model.Jenkins;
import org.htmlunit.HttpMethod;
import org.htmlunit.WebRequest;
import org.jenkinsci.plugins.workflow.cps.CpsFlowDefinition;
import org.jenkinsci.plugins.workflow.job.WorkflowJob;
import org.jenkinsci.plugins.workflow.job.WorkflowRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.MockAuthorizationStrategy;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

/**
 * The release decision (a SLSA verification summary) signArtifact records for the release's environment once the
 * approvals are in: PASSED when the ledger satisfies the policy there, recomputed by the offline verifier.
 */
@WithJenkins
class ReleaseDecisionStepTest {

    @TempDir
    File tmp;

    @Test
    void anApprovedReleaseSignedForProductionCarriesAPassedDecisionThatVerifies(JenkinsRule r) throws Exception {
        TestSupport.installAcme();
        TestSupport.signByDefault(tmp);
        r.jenkins.setSecurityRealm(r.createDummySecurityRealm());
        r.jenkins.setAuthorizationStrategy(new MockAuthorizationStrategy()
                .grant(Jenkins.READ, Item.READ, Run.ARTIFACTS)
                .everywhere()
                .toAuthenticated());
        WorkflowJob p = r.createProject(WorkflowJob.class, "shop");
        p.setDefinition(new CpsFlowDefinition(
                "requireApproval policy: 'acme', version: 'v1.4.0', previousVersion: 'v1.3.2', environment: 'production'\n"
                        + "node {\n"
                        + "  writeFile file: 'target/app.jar', text: 'the release artifact'\n"
                        + "  signArtifact files: 'target/*.jar'\n"
                        + "}",
                true));
        WorkflowRun b = p.scheduleBuild2(0, new CauseAction(new Cause.UserIdCause("trent")))
                .waitForStart();
        r.waitForMessage("Waiting for", b);
        // rita is the acme policy's release manager: one approval completes a minor release
        JenkinsRule.WebClient rita = r.createWebClient().withBasicApiToken("rita");
        rita.getPage(new WebRequest(
                new URL(r.getURL(), b.getUrl() + "release-approval/decide?decision=approve&comment=ok"),
                HttpMethod.POST));
        r.assertBuildStatusSuccess(r.waitForCompletion(b));
        r.assertLogContains(
                "release decision for production: PASSED (attestations/shop-v1.4.0.decision.production.intoto.json)",
                b);

        List<JsonNode> decisions = TestSupport.ledger(b).stream()
                .filter(e -> e.type().equals(EventType.ATTESTATION_CREATED.wire())
                        && e.payload()
                                .path("predicateType")
                                .asText()
                                .equals("https://slsa.dev/verification_summary/v1"))
                .map(e -> Dsse.Envelope.parse(e.payload().path("envelope").asText(), "decision")
                        .payloadJson())
                .toList();
        assertEquals(1, decisions.size());
        JsonNode vsa = decisions.get(0).path("predicate");
        assertEquals("relgov:environment:production", vsa.path("resourceUri").asText());
        assertEquals("PASSED", vsa.path("verificationResult").asText());
        assertEquals(
                "app.jar",
                decisions.get(0).path("subject").get(0).path("name").asText().replaceFirst("^target/", ""));

        Path zip = TestSupport.verifiedBundle(r, r.createWebClient().login("auditor"), b, tmp);
        VerificationReport report = BundleVerifier.verify(
                zip,
                new BundleVerifier.Options(VerificationKey.read(tmp.toPath().resolve("pub.pem")), null, null));
        assertTrue(
                report.checked()
                        .contains(
                                "decision: 1 release decision(s) (SLSA VSA) match the ledger: production PASSED (ledger seq "
                                        + TestSupport.ledger(b).stream()
                                                .filter(e -> e.type().equals(EventType.ATTESTATION_CREATED.wire()))
                                                .reduce((a, c) -> c)
                                                .orElseThrow()
                                                .seq()
                                        + ")"),
                report.checked().toString());
    }
}
