package io.jenkins.plugins.relgov.plugin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jenkins.plugins.relgov.plugin.approval.RequireApprovalStep;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.jenkinsci.plugins.workflow.cps.Snippetizer;
import org.jenkinsci.plugins.workflow.steps.StepConfigTester;
import org.junit.jupiter.api.Test;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

/** Each step's form (config.jelly) and its data binding agree: what the Snippet Generator shows, it keeps. */
@WithJenkins
class SnippetGeneratorTest {

    @Test
    void releaseGate(JenkinsRule r) throws Exception {
        ReleaseGateStep s = new ReleaseGateStep();
        s.setJunit("**/TEST-*.xml");
        s.setCoverage("target/site/jacoco/jacoco.xml");
        s.setSarif("scan/*.sarif");
        s.setTrivy("trivy.json");
        s.setInterval("1m");
        s.setTimeout("30m");
        s.setPolicy("inopsio");
        s.setVersion("v1.4.0");
        s.setPreviousVersion("v1.3.2");
        s.setEnvironment("production");
        s.setBranch("release/1.4");
        ReleaseGateStep after = new StepConfigTester(r).configRoundTrip(s);
        assertEquals("**/TEST-*.xml", after.getJunit());
        assertEquals("target/site/jacoco/jacoco.xml", after.getCoverage());
        assertEquals("scan/*.sarif", after.getSarif());
        assertEquals("trivy.json", after.getTrivy());
        assertEquals("1m", after.getInterval());
        assertEquals("30m", after.getTimeout());
        assertEquals("inopsio", after.getPolicy());
        assertEquals("v1.4.0", after.getVersion());
        assertEquals("v1.3.2", after.getPreviousVersion());
        assertEquals("production", after.getEnvironment());
        assertEquals("release/1.4", after.getBranch());
    }

    @Test
    void everyStepTakesItsReleaseFieldsHelpFromOneSharedFile(JenkinsRule r) throws Exception {
        JenkinsRule.WebClient wc = r.createWebClient();
        for (Class<?> step : List.of(
                ReleaseGateStep.class,
                RequireApprovalStep.class,
                SignArtifactStep.class,
                RecordEvidenceStep.class,
                AutoRollbackStep.class)) {
            String id = r.jenkins
                    .getDescriptorOrDie(step.asSubclass(hudson.model.Describable.class))
                    .getId();
            for (String field : List.of("policy", "version", "previousVersion", "environment", "branch")) {
                String help = wc.goTo("descriptor/" + id + "/help/" + field)
                        .getWebResponse()
                        .getContentAsString();
                String shared = new String(
                        GovernanceStep.class
                                .getResourceAsStream("GovernanceStep/help-" + field + ".html")
                                .readAllBytes(),
                        StandardCharsets.UTF_8);
                assertTrue(
                        help.contains(shared.substring(shared.indexOf("<div>") + 5, shared.indexOf("<div>") + 60)
                                .strip()),
                        step.getSimpleName() + " " + field + ": " + help);
            }
        }
    }

    @Test
    void signArtifact(JenkinsRule r) throws Exception {
        SignArtifactStep s = new SignArtifactStep();
        s.setFiles("target/*.jar");
        s.setAttest(false);
        s.setArchiveArtifacts(true);
        SignArtifactStep after = new StepConfigTester(r).configRoundTrip(s);
        assertEquals("target/*.jar", after.getFiles());
        assertFalse(after.isAttest());
        assertEquals(true, after.isArchiveArtifacts());
    }

    @Test
    void signArtifactImage(JenkinsRule r) throws Exception {
        SignArtifactStep s = new SignArtifactStep();
        s.setImage("registry.example/shop/web@sha256:" + "ab".repeat(32));
        s.setRegistryCredentialsId("registry-push");
        s.setAllowHttpRegistry(true);
        SignArtifactStep after = new StepConfigTester(r).configRoundTrip(s);
        assertEquals("registry.example/shop/web@sha256:" + "ab".repeat(32), after.getImage());
        assertEquals("registry-push", after.getRegistryCredentialsId());
        assertEquals(true, after.isAllowHttpRegistry());
        // no files: the snippet names the image alone
        assertEquals(
                "signArtifact allowHttpRegistry: true, image: 'registry.example/shop/web@sha256:" + "ab".repeat(32)
                        + "', registryCredentialsId: 'registry-push'",
                Snippetizer.object2Groovy(after));
    }

    @Test
    void recordEvidence(JenkinsRule r) throws Exception {
        RecordEvidenceStep s = new RecordEvidenceStep("test-summary");
        s.setFiles("target/surefire-reports/*.xml");
        RecordEvidenceStep after = new StepConfigTester(r).configRoundTrip(s);
        assertEquals("test-summary", after.getType());
        assertEquals("target/surefire-reports/*.xml", after.getFiles());
    }

    @Test
    void autoRollback(JenkinsRule r) throws Exception {
        AutoRollbackStep s = new AutoRollbackStep();
        s.setPrometheusUrl("http://prometheus:9090");
        s.setWindow("48h");
        s.setInterval("1m");
        s.setFailureLimit(2);
        AutoRollbackStep after = new StepConfigTester(r).configRoundTrip(s);
        assertEquals("http://prometheus:9090", after.getPrometheusUrl());
        assertEquals("48h", after.getWindow());
        assertEquals("1m", after.getInterval());
        assertEquals(2, after.getFailureLimit());
    }

    @Test
    void emptyFormFieldsBecomeAbsentParameters(JenkinsRule r) throws Exception {
        // a form submits "" for every field left empty; kept as "", they filled snippets with branch: '' ...
        ReleaseGateStep s = new ReleaseGateStep();
        s.setJunit("**/TEST-*.xml");
        s.setCoverage("");
        s.setSarif("  ");
        s.setTrivy("");
        s.setInterval("");
        s.setTimeout("");
        s.setPolicy("inopsio");
        s.setVersion("");
        s.setPreviousVersion("");
        s.setEnvironment("");
        s.setBranch("");
        String snippet = Snippetizer.object2Groovy(new StepConfigTester(r).configRoundTrip(s));
        assertEquals("releaseGate junit: '**/TEST-*.xml', policy: 'inopsio'", snippet);
    }
}
