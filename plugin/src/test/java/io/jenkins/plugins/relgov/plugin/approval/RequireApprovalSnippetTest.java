package io.jenkins.plugins.relgov.plugin.approval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.jenkinsci.plugins.workflow.steps.StepConfigTester;
import org.junit.jupiter.api.Test;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

/** What the Snippet Generator shows for requireApproval, it keeps; a bad timeout is named at once. */
@WithJenkins
class RequireApprovalSnippetTest {

    @Test
    void theFormKeepsEveryField(JenkinsRule r) throws Exception {
        RequireApprovalStep s = new RequireApprovalStep();
        s.setMessage("Ship 3.0.0 to production?");
        s.setTimeout("12h");
        s.setPolicy("inopsio");
        s.setVersion("3.0.0");
        s.setPreviousVersion("2.4.1");
        s.setEnvironment("production");
        s.setBranch("release/3.0");
        RequireApprovalStep after = new StepConfigTester(r).configRoundTrip(s);
        assertEquals("Ship 3.0.0 to production?", after.getMessage());
        assertEquals("12h", after.getTimeout());
        assertEquals("inopsio", after.getPolicy());
        assertEquals("3.0.0", after.getVersion());
        assertEquals("2.4.1", after.getPreviousVersion());
        assertEquals("production", after.getEnvironment());
        assertEquals("release/3.0", after.getBranch());
    }

    @Test
    void emptyFieldsStayEmptyAndBadTimeoutsAreRefused(JenkinsRule r) throws Exception {
        RequireApprovalStep after = new StepConfigTester(r).configRoundTrip(new RequireApprovalStep());
        assertNull(after.getMessage());
        assertNull(after.getTimeout());
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> new RequireApprovalStep().setTimeout("soon"));
        assertEquals(
                "requireApproval timeout: malformed duration 'soon' (write e.g. 48h, 30m, 10s, 500ms, 7d, 1h30m or ISO-8601 PT48H)",
                e.getMessage());
    }
}
