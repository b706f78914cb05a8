package io.jenkins.plugins.relgov.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * An administrator's Configuration as Code: a policy applied from YAML, exported again, and an invalid one
 * refused by check (with the validator's file:line messages) and by apply. Skipped when the
 * configuration-as-code plugin is not installed.
 */
class ConfigurationAsCodeTest {

    private static final String CASC_E2E = """
                  - name: casc-e2e
                    yaml: |
                      name: casc-e2e
                      roles:
                        release-manager: {users: [carol]}
                      tiers:
                        minor: {approvals: [{role: release-manager, count: 1}]}
                      environments:
                        production: {approval: manual}
            """;

    /**
     * The suite's own {@code e2e} policy and {@code casc-e2e}: applying replaces the list of policies, and the other
     * tests of the suite still need theirs.
     */
    private static final String VALID = withE2e(CASC_E2E);

    private static final String INVALID = withE2e(
            CASC_E2E.replace("count: 1", "count: 0").replace("release-manager: {users", "release-manager: {uzers"));

    private static String withE2e(String policy) {
        return """
                security:
                  releaseGovernance:
                    policies:
                      - name: e2e
                        yaml: |
                %s%s""".formatted(
                        casc(LiveJenkins.resource("e2e-policy.yaml")).strip().indent(14), policy);
    }

    /**
     * A policy as an administrator writes it into Configuration as Code, which replaces {@code ${NAME}} with a
     * variable's value (empty when unset): the rollback command's placeholders are escaped as {@code ^${NAME}}.
     */
    static String casc(String policy) {
        return policy.replace("${", "^${");
    }

    @Test
    void applyExportAndRefuseAnInvalidPolicy() {
        LiveJenkins jenkins = LiveJenkins.get();
        Session admin = jenkins.admin();
        assumeTrue(
                admin.get("pluginManager/plugin/configuration-as-code/api/json").status() == 200,
                "the configuration-as-code plugin is not installed: its tests are skipped");

        Session.Answer check = admin.postDocument("configuration-as-code/check", "text/yaml", INVALID);
        assertThat(check.status()).as(check.body()).isBetween(400, 499);
        assertThat(check.body()).contains("casc-e2e.yaml:").contains("uzers");
        // apply checks first and refuses; Configuration as Code's REST apply answers any refusal with an error
        // page (its web page shows the same lines), and nothing is applied
        Session.Answer apply = admin.postDocument("configuration-as-code/apply", "text/yaml", INVALID);
        assertThat(apply.status()).as(apply.body()).isGreaterThanOrEqualTo(400);
        assertThat(admin.post("configuration-as-code/export", Map.of()).body()).doesNotContain("uzers");

        assertThat(admin.postDocument("configuration-as-code/apply", "text/yaml", VALID)
                        .status())
                .isEqualTo(200);
        String export = admin.post("configuration-as-code/export", Map.of()).body();
        assertThat(export).contains("releaseGovernance").contains("casc-e2e").containsPattern("(?m)name: \"?e2e\"?$");
        // the escaped placeholders arrive intact: the policy Jenkins holds is the suite's own, byte for byte
        String held = admin.script("print(io.jenkins.plugins.relgov.plugin.GovernanceConfiguration.get().policies"
                + ".find { it.name == 'e2e' }.yaml)");
        assertThat(held).contains("command: make rollback ENV=${ENV} VERSION=${VERSION}");
        assertThat(held.strip())
                .isEqualTo(LiveJenkins.resource("e2e-policy.yaml").strip());
    }
}
