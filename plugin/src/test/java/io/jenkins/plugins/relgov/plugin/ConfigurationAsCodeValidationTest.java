package io.jenkins.plugins.relgov.plugin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jenkins.plugins.casc.ConfigurationAsCode;
import io.jenkins.plugins.casc.ConfiguratorException;
import io.jenkins.plugins.casc.yaml.YamlSource;
import java.io.ByteArrayInputStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import org.htmlunit.HttpMethod;
import org.htmlunit.WebRequest;
import org.htmlunit.WebResponse;
import org.junit.jupiter.api.Test;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

/** An invalid policy in Configuration as Code is refused by check and by apply, naming file, line and field. */
@WithJenkins
class ConfigurationAsCodeValidationTest {

    private static final String INVALID = """
            security:
              releaseGovernance:
                policies:
                  - name: broken
                    yaml: |
                      name: broken
                      roles:
                        release-manager: {uzers: [rita]}
                      tiers:
                        minor: {approvals: [{role: release-manager, count: 1}]}
            """;

    private static YamlSource yaml(String text) {
        return YamlSource.of(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void checkAndApplyBothRefuseWithTheValidatorsLines(JenkinsRule r) throws Exception {
        ConfiguratorException check = assertThrows(
                ConfiguratorException.class, () -> ConfigurationAsCode.get().checkWith(yaml(INVALID)));
        assertTrue(check.getMessage().contains("broken.yaml:3:"), check.getMessage());
        assertTrue(check.getMessage().contains("uzers"), check.getMessage());

        ConfiguratorException apply = assertThrows(
                ConfiguratorException.class, () -> ConfigurationAsCode.get().configureWith(yaml(INVALID)));
        assertTrue(apply.getMessage().contains("broken.yaml:3:"), apply.getMessage());
        assertEquals(0, GovernanceConfiguration.get().getPolicies().size(), "nothing was applied");

        // the REST endpoint an administrator's script calls answers 400 with the lines
        JenkinsRule.WebClient wc = r.createWebClient().withThrowExceptionOnFailingStatusCode(false);
        WebRequest req = new WebRequest(new URL(r.getURL(), "configuration-as-code/check"), HttpMethod.POST);
        req.setAdditionalHeader(
                r.jenkins.getCrumbIssuer().getCrumbRequestField(),
                r.jenkins.getCrumbIssuer().getCrumb((jakarta.servlet.ServletRequest) null));
        req.setRequestBody(INVALID);
        WebResponse answer = wc.getPage(req).getWebResponse();
        assertEquals(400, answer.getStatusCode());
        assertTrue(answer.getContentAsString().contains("broken.yaml:3:"), answer.getContentAsString());
    }

    @Test
    void timeStampingSettingsAreCheckedAsTheyAreRead(JenkinsRule r) throws Exception {
        ConfiguratorException credentials = assertThrows(
                ConfiguratorException.class,
                () -> ConfigurationAsCode.get()
                        .configureWith(
                                yaml(
                                        "security:\n  releaseGovernance:\n    timestampAuthorityUrl: \"http://ci:s3cret@tsa.example/tsr\"\n")));
        assertTrue(messages(credentials).contains("carries no credentials"), messages(credentials));
        ConfiguratorException pem = assertThrows(
                ConfiguratorException.class,
                () -> ConfigurationAsCode.get()
                        .configureWith(
                                yaml(
                                        "security:\n  releaseGovernance:\n    timestampAuthorityCertificates: \"not a certificate\"\n")));
        assertTrue(
                messages(pem).contains("the time-stamping authority certificate: not PEM X.509 certificates"),
                messages(pem));
        assertEquals(null, GovernanceConfiguration.get().getTimestampAuthorityUrl(), "nothing was applied");
    }

    /** The exception's message and its causes' (Configuration as Code wraps what a setter threw). */
    private static String messages(Throwable e) {
        StringBuilder out = new StringBuilder();
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            out.append(t.getMessage()).append('\n');
        }
        return out.toString();
    }
}
