package io.jenkins.plugins.relgov.plugin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import hudson.AbortException;
import hudson.model.User;
import hudson.security.ACL;
import hudson.security.ACLContext;
import hudson.util.ListBoxModel;
import io.jenkins.plugins.relgov.policy.Policy;
import java.io.File;
import java.net.URL;
import java.util.List;
import jenkins.model.Jenkins;
import org.htmlunit.HttpMethod;
import org.htmlunit.WebRequest;
import org.htmlunit.WebResponse;
import org.htmlunit.html.HtmlForm;
import org.jenkinsci.plugins.workflow.job.WorkflowJob;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.MockAuthorizationStrategy;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

@WithJenkins
class GovernanceConfigurationTest {

    @Test
    void shippedPoliciesAreAvailableByName(JenkinsRule r) throws Exception {
        GovernanceConfiguration c = GovernanceConfiguration.get();
        assertTrue(c.getPolicyNames().containsAll(List.of("inopsio", "dealsphere")));
        Policy inopsio = c.resolvePolicy("inopsio");
        assertEquals("inopsio", inopsio.name());
        assertEquals("shipped", c.resolve("inopsio").origin());
        AbortException e = assertThrows(AbortException.class, () -> c.resolvePolicy("nope"));
        assertTrue(e.getMessage().contains("Unknown release governance policy 'nope'. Known policies: [dealsphere, inopsio]"),
                e.getMessage());
    }

    @Test
    void roleMappingAddsJenkinsMembersToPolicyRoles(JenkinsRule r) throws Exception {
        TestSupport.installAcme();
        RoleMapping m = new RoleMapping("security");
        m.setUsers("alice, bob");
        m.setGroups("security-officers");
        GovernanceConfiguration.get().setRoleMappings(List.of(m, new RoleMapping("no-such-role")));
        Policy p = GovernanceConfiguration.get().resolvePolicy("acme");
        assertEquals(List.of("sam", "alice", "bob"), p.role("security").orElseThrow().users());
        assertEquals(List.of("security-officers"), p.role("security").orElseThrow().groups());
    }

    @Test
    void anInvalidPolicyIsRefusedWithTheValidatorsMessages(JenkinsRule r) throws Exception {
        String broken = TestSupport.acmeYaml().replace("{role: security, count: 1}", "{role: securty, count: 1}");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> GovernanceConfiguration.get().setPolicies(List.of(new NamedPolicy("acme", broken))));
        assertTrue(e.getMessage().contains("acme.yaml:") && e.getMessage().contains("securty"), e.getMessage());
        assertTrue(GovernanceConfiguration.get().getPolicies().isEmpty(), "nothing saved");
    }

    @Test
    void formRoundTripKeepsEverything(JenkinsRule r) throws Exception {
        TestSupport.installAcme();
        GovernanceConfiguration c = GovernanceConfiguration.get();
        RoleMapping m = new RoleMapping("security");
        m.setUsers("alice");
        c.setRoleMappings(List.of(m));
        c.setPrometheusUrl("https://prometheus.example.com");
        c.setNotificationWebhookUrl("https://chat.example.com/hooks/release");

        JenkinsRule.WebClient wc = r.createWebClient();
        HtmlForm form = wc.goTo("configureSecurity").getFormByName("config");
        r.submit(form);

        c = GovernanceConfiguration.get();
        assertEquals(1, c.getPolicies().size());
        assertEquals(TestSupport.acmeYaml().strip(), c.getPolicies().get(0).getYaml().strip());
        assertEquals("alice", c.getRoleMappings().get(0).getUsers());
        assertEquals("https://prometheus.example.com", c.getPrometheusUrl());
        assertEquals("https://chat.example.com/hooks/release", c.getNotificationWebhookUrl());
    }

    @Test
    void formValidationNeedsAdministerAndPost(JenkinsRule r) throws Exception {
        r.jenkins.setSecurityRealm(r.createDummySecurityRealm());
        r.jenkins.setAuthorizationStrategy(new MockAuthorizationStrategy()
                .grant(Jenkins.ADMINISTER).everywhere().to("admin")
                .grant(Jenkins.READ).everywhere().to("reader"));
        String check = "descriptorByName/io.jenkins.plugins.relgov.plugin.NamedPolicy/checkYaml";

        JenkinsRule.WebClient reader = r.createWebClient().withBasicApiToken("reader")
                .withThrowExceptionOnFailingStatusCode(false);
        WebResponse denied = reader.getPage(post(reader, check, "value=name%3A+x")).getWebResponse();
        assertEquals(403, denied.getStatusCode());

        JenkinsRule.WebClient admin = r.createWebClient().withBasicApiToken("admin")
                .withThrowExceptionOnFailingStatusCode(false);
        WebResponse shown = admin.getPage(post(admin, check, "value=name%3A+x%0Abogus%3A+1&name=x")).getWebResponse();
        assertEquals(200, shown.getStatusCode());
        assertTrue(shown.getContentAsString().contains("bogus"), shown.getContentAsString());

        // a validation method marked @POST is not dispatched for GET (Stapler's HttpVerbInterceptor cancels it)
        WebResponse get = admin.getPage(new WebRequest(new URL(admin.getContextPath() + check + "?value=x"),
                HttpMethod.GET)).getWebResponse();
        assertEquals(404, get.getStatusCode());
    }

    private static WebRequest post(JenkinsRule.WebClient wc, String path, String body) throws Exception {
        WebRequest req = new WebRequest(new URL(wc.getContextPath() + path), HttpMethod.POST);
        req.setAdditionalHeader("Content-Type", "application/x-www-form-urlencoded");
        req.setRequestBody(body);
        return req;
    }

    @Test
    void credentialListsOfferWhatBuildsCanUseNotTheViewersOwnCredentials(JenkinsRule r, @TempDir File keys) throws Exception {
        r.jenkins.setSecurityRealm(r.createDummySecurityRealm());
        r.jenkins.setAuthorizationStrategy(new MockAuthorizationStrategy()
                .grant(Jenkins.ADMINISTER).everywhere().to("admin"));
        TestSupport.addKeyCredentials("release-key", TestSupport.opensslKey(keys));
        WorkflowJob job = r.createProject(WorkflowJob.class, "shop");
        // an administrator configuring the page (or a job's snippet) sees the global credentials builds will use
        try (ACLContext ignored = ACL.as2(User.getById("admin", true).impersonate2())) {
            assertTrue(ids(GovernanceConfiguration.get().doFillSigningCredentialsIdItems("")).contains("release-key"));
            assertTrue(ids(GovernanceConfiguration.get().doFillPrometheusCredentialsIdItems("")).contains("release-key"));
            SignArtifactStep.DescriptorImpl d = r.jenkins.getDescriptorByType(SignArtifactStep.DescriptorImpl.class);
            assertTrue(ids(d.doFillCredentialsIdItems(job, "")).contains("release-key"));
        }
    }

    private static List<String> ids(ListBoxModel model) {
        return model.stream().map(o -> o.value).toList();
    }
}
