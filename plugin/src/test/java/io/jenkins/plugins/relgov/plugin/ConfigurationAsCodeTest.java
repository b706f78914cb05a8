package io.jenkins.plugins.relgov.plugin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jenkins.plugins.casc.misc.junit.jupiter.AbstractRoundTripTest;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

/**
 * Configuration as Code: apply the YAML, check, apply again through the web UI, export, restart, check
 * again (the harness's round trip).
 */
@WithJenkins
class ConfigurationAsCodeTest extends AbstractRoundTripTest {

    @Override
    protected String configResource() {
        return "configuration-as-code.yaml";
    }

    @Override
    protected void assertConfiguredAsExpected(JenkinsRule r, String configContent) {
        GovernanceConfiguration c = GovernanceConfiguration.get();
        assertEquals(1, c.getPolicies().size());
        assertEquals("acme", c.getPolicies().get(0).getName());
        assertEquals("https://prometheus.casc-test.example", c.getPrometheusUrl());
        assertEquals("prometheus-token", c.getPrometheusCredentialsId());
        assertEquals("release-signing-key", c.getSigningCredentialsId());
        assertEquals("https://chat.example.com/hooks/release", c.getNotificationWebhookUrl());
        assertEquals("http://tsa.casc-test.example/tsr", c.getTimestampAuthorityUrl());
        assertTrue(c.getTimestampAuthorityCertificates().startsWith("-----BEGIN CERTIFICATE-----"));
        assertEquals(45, c.getTimestampAuthorityTimeout());
        assertEquals("http://tsa.casc-test.example/tsr", c.timestampAuthority().authority());
        assertEquals("security", c.getRoleMappings().get(0).getRole());
        assertEquals("alice bob", c.getRoleMappings().get(0).getUsers());
        try {
            assertEquals(
                    java.util.List.of("sam", "alice", "bob"),
                    c.resolvePolicy("acme").role("security").orElseThrow().users());
        } catch (hudson.AbortException e) {
            throw new AssertionError(e);
        }
    }

    @Override
    protected String stringInLogExpected() {
        return "https://prometheus.casc-test.example";
    }
}
