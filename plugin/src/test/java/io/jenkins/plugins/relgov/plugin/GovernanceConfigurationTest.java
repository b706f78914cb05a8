package io.jenkins.plugins.relgov.plugin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import hudson.AbortException;
import hudson.model.User;
import hudson.security.ACL;
import hudson.security.ACLContext;
import hudson.util.FormValidation;
import hudson.util.ListBoxModel;
import io.jenkins.plugins.relgov.policy.Policy;
import io.jenkins.plugins.relgov.signing.LocalTsa;
import java.io.File;
import java.net.URL;
import java.nio.file.Files;
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
        assertTrue(
                e.getMessage()
                        .contains("Unknown release governance policy 'nope'. Known policies: [dealsphere, inopsio]"),
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
        assertEquals(
                List.of("sam", "alice", "bob"), p.role("security").orElseThrow().users());
        assertEquals(
                List.of("security-officers"), p.role("security").orElseThrow().groups());
    }

    @Test
    void anInvalidPolicyIsRefusedWithTheValidatorsMessages(JenkinsRule r) throws Exception {
        String broken = TestSupport.acmeYaml().replace("{role: security, count: 1}", "{role: securty, count: 1}");
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class,
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
        assertEquals(
                TestSupport.acmeYaml().strip(), c.getPolicies().get(0).getYaml().strip());
        assertEquals("alice", c.getRoleMappings().get(0).getUsers());
        assertEquals("https://prometheus.example.com", c.getPrometheusUrl());
        assertEquals("https://chat.example.com/hooks/release", c.getNotificationWebhookUrl());
    }

    @Test
    void formValidationNeedsAdministerAndPost(JenkinsRule r) throws Exception {
        r.jenkins.setSecurityRealm(r.createDummySecurityRealm());
        r.jenkins.setAuthorizationStrategy(new MockAuthorizationStrategy()
                .grant(Jenkins.ADMINISTER)
                .everywhere()
                .to("admin")
                .grant(Jenkins.READ)
                .everywhere()
                .to("reader"));
        String check = "descriptorByName/io.jenkins.plugins.relgov.plugin.NamedPolicy/checkYaml";

        JenkinsRule.WebClient reader =
                r.createWebClient().withBasicApiToken("reader").withThrowExceptionOnFailingStatusCode(false);
        WebResponse denied =
                reader.getPage(post(reader, check, "value=name%3A+x")).getWebResponse();
        assertEquals(403, denied.getStatusCode());

        JenkinsRule.WebClient admin =
                r.createWebClient().withBasicApiToken("admin").withThrowExceptionOnFailingStatusCode(false);
        WebResponse shown = admin.getPage(post(admin, check, "value=name%3A+x%0Abogus%3A+1&name=x"))
                .getWebResponse();
        assertEquals(200, shown.getStatusCode());
        assertTrue(shown.getContentAsString().contains("bogus"), shown.getContentAsString());

        // a validation method marked @POST is not dispatched for GET (Stapler's HttpVerbInterceptor cancels it)
        WebResponse get = admin.getPage(
                        new WebRequest(new URL(admin.getContextPath() + check + "?value=x"), HttpMethod.GET))
                .getWebResponse();
        assertEquals(404, get.getStatusCode());

        // the time-stamping Test button makes an outbound request: the same rules
        String test =
                "descriptorByName/io.jenkins.plugins.relgov.plugin.GovernanceConfiguration/testTimestampAuthority";
        String fields =
                "timestampAuthorityUrl=http%3A%2F%2F127.0.0.1%3A9%2Ftsr&timestampAuthorityCertificates=&timestampAuthorityTimeout=1";
        assertEquals(
                403, reader.getPage(post(reader, test, fields)).getWebResponse().getStatusCode());
        WebResponse answered = admin.getPage(post(admin, test, fields)).getWebResponse();
        assertEquals(200, answered.getStatusCode());
        assertTrue(answered.getContentAsString().contains("certificate is needed"), answered.getContentAsString());
        assertEquals(
                404,
                admin.getPage(new WebRequest(new URL(admin.getContextPath() + test + "?" + fields), HttpMethod.GET))
                        .getWebResponse()
                        .getStatusCode());
    }

    private static WebRequest post(JenkinsRule.WebClient wc, String path, String body) throws Exception {
        WebRequest req = new WebRequest(new URL(wc.getContextPath() + path), HttpMethod.POST);
        req.setAdditionalHeader("Content-Type", "application/x-www-form-urlencoded");
        req.setRequestBody(body);
        return req;
    }

    @Test
    void credentialListsOfferWhatBuildsCanUseNotTheViewersOwnCredentials(JenkinsRule r, @TempDir File keys)
            throws Exception {
        r.jenkins.setSecurityRealm(r.createDummySecurityRealm());
        r.jenkins.setAuthorizationStrategy(new MockAuthorizationStrategy()
                .grant(Jenkins.ADMINISTER)
                .everywhere()
                .to("admin"));
        TestSupport.addKeyCredentials("release-key", TestSupport.opensslKey(keys));
        WorkflowJob job = r.createProject(WorkflowJob.class, "shop");
        // an administrator configuring the page (or a job's snippet) sees the global credentials builds will use
        try (ACLContext ignored = ACL.as2(User.getById("admin", true).impersonate2())) {
            assertTrue(ids(GovernanceConfiguration.get().doFillSigningCredentialsIdItems(""))
                    .contains("release-key"));
            assertTrue(ids(GovernanceConfiguration.get().doFillPrometheusCredentialsIdItems(""))
                    .contains("release-key"));
            SignArtifactStep.DescriptorImpl d = r.jenkins.getDescriptorByType(SignArtifactStep.DescriptorImpl.class);
            assertTrue(ids(d.doFillCredentialsIdItems(job, "")).contains("release-key"));
        }
    }

    @Test
    void timeStampingSettingsSurviveTheFormAndAreCheckedAsAdministratorsTypeThem(JenkinsRule r, @TempDir File dir)
            throws Exception {
        try (LocalTsa tsa = LocalTsa.start(dir.toPath().resolve("tsa"), "Form Test TSA");
                LocalTsa other = LocalTsa.start(dir.toPath().resolve("other"), "Other TSA")) {
            String url = tsa.url().toString();
            String ca = Files.readString(tsa.caPem());
            GovernanceConfiguration c = GovernanceConfiguration.get();
            assertEquals(30, c.getTimestampAuthorityTimeout(), "the default");
            assertEquals(null, c.timestampAuthority(), "none configured: seals are not time-stamped");
            c.setTimestampAuthorityUrl(url);
            c.setTimestampAuthorityCertificates(ca);
            c.setTimestampAuthorityTimeout(12);

            r.submit(r.createWebClient().goTo("configureSecurity").getFormByName("config"));
            c = GovernanceConfiguration.get();
            assertEquals(url, c.getTimestampAuthorityUrl());
            assertEquals(ca.strip(), c.getTimestampAuthorityCertificates().strip());
            assertEquals(12, c.getTimestampAuthorityTimeout());

            // a refused setting fails the whole form, names the problem, and nothing of it is saved
            JenkinsRule.WebClient wc = r.createWebClient().withThrowExceptionOnFailingStatusCode(false);
            HtmlForm form = wc.goTo("configureSecurity").getFormByName("config");
            form.getInputByName("_.timestampAuthorityUrl").setValue("http://ci:pw@tsa.example/tsr");
            form.getInputByName("_.timestampAuthorityTimeout").setValue("13");
            WebResponse refused = r.submit(form).getWebResponse();
            assertEquals(400, refused.getStatusCode());
            assertTrue(refused.getContentAsString().contains("carries no credentials"), refused.getContentAsString());
            c = GovernanceConfiguration.get();
            assertEquals(url, c.getTimestampAuthorityUrl());
            assertEquals(12, c.getTimestampAuthorityTimeout());

            // what the setters (form and Configuration as Code alike) refuse, leaving the setting as it was
            GovernanceConfiguration cfg = c;
            assertTrue(assertThrows(
                            IllegalArgumentException.class,
                            () -> cfg.setTimestampAuthorityUrl("http://ci:pw@tsa.example/"))
                    .getMessage()
                    .contains("carries no credentials"));
            assertTrue(assertThrows(
                            IllegalArgumentException.class, () -> cfg.setTimestampAuthorityUrl("ftp://tsa.example/"))
                    .getMessage()
                    .contains("Use an http:// or https:// URL."));
            assertThrows(
                    IllegalArgumentException.class,
                    () -> cfg.setTimestampAuthorityCertificates("-----BEGIN CERTIFICATE-----\nAAAA\n"));
            assertThrows(IllegalArgumentException.class, () -> cfg.setTimestampAuthorityTimeout(0));
            assertThrows(IllegalArgumentException.class, () -> cfg.setTimestampAuthorityTimeout(601));
            assertEquals(url, cfg.getTimestampAuthorityUrl());
            assertEquals(12, cfg.getTimestampAuthorityTimeout());

            // the form's checks, as an administrator types
            assertEquals(FormValidation.Kind.ERROR, c.doCheckTimestampAuthorityUrl(url, "", "30").kind);
            assertTrue(
                    c.doCheckTimestampAuthorityUrl(url, "", "30").getMessage().contains("Paste the authority"));
            assertEquals(FormValidation.Kind.OK, c.doCheckTimestampAuthorityUrl(url, ca, "30").kind);
            assertEquals(FormValidation.Kind.OK, c.doCheckTimestampAuthorityUrl("", "", "30").kind);
            FormValidation certs = c.doCheckTimestampAuthorityCertificates(ca);
            assertEquals(FormValidation.Kind.OK, certs.kind);
            assertTrue(certs.renderHtml().contains("1 certificate(s): CN=Form Test TSA Root"), certs.renderHtml());
            assertEquals(FormValidation.Kind.ERROR, c.doCheckTimestampAuthorityCertificates("hello").kind);
            assertEquals(FormValidation.Kind.ERROR, c.doCheckTimestampAuthorityTimeout("0").kind);
            assertEquals(FormValidation.Kind.OK, c.doCheckTimestampAuthorityTimeout("45").kind);

            // the test button asks the authority for a real token and checks it as a seal would
            FormValidation works = c.doTestTimestampAuthority(url, ca, "10");
            assertEquals(FormValidation.Kind.OK, works.kind, works.renderHtml());
            assertTrue(works.renderHtml().contains("a token that verifies"), works.renderHtml());
            FormValidation impostor = c.doTestTimestampAuthority(url, Files.readString(other.caPem()), "10");
            assertEquals(FormValidation.Kind.ERROR, impostor.kind);
            assertTrue(impostor.renderHtml().contains("is not one you trust"), impostor.renderHtml());
            tsa.answer(LocalTsa.Answer.GARBAGE);
            FormValidation garbage = c.doTestTimestampAuthority(url, ca, "10");
            assertTrue(garbage.renderHtml().contains("not an RFC 3161 time-stamp response"), garbage.renderHtml());
        }
    }

    private static List<String> ids(ListBoxModel model) {
        return model.stream().map(o -> o.value).toList();
    }
}
