package io.jenkins.plugins.relgov.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Review attack: a waiver must say who accepted the risk and why. The fields were required but an empty
 * or blank string satisfied "required", so {@code acceptedBy: ""} and {@code reason: "  "} waived a failed
 * critical-findings check with nobody named and no reason given.
 */
class WaiverValidationTest {

    @Test
    void aBlankAcceptedByOrReasonIsRefusedWithItsPlace() {
        PolicyException e = catchThrowableOfType(PolicyException.class, () -> PolicyLoader.parse("acme.yaml", """
                name: acme
                roles:
                  ciso: {groups: [ciso]}
                tiers: {}
                gates:
                  waivers:
                    - {check: findings.critical, acceptedBy: "", reason: "  ", expires: "2027-01-01T00:00:00Z"}
                """));
        assertThat(e).as("expected the policy to be rejected").isNotNull();
        List<String> problems =
                e.problems().stream().map(PolicyProblem::toString).toList();
        assertThat(problems)
                .containsExactly(
                        "acme.yaml:7:46: gates.waivers[0].acceptedBy: must name who accepted the risk, not be blank",
                        "acme.yaml:7:58: gates.waivers[0].reason: must say why the risk is accepted, not be blank");
    }

    /**
     * A waiver naming a check the gate does not have ({@code findings.criticals}) was accepted and then
     * silently never applied: the admin believed a risk was accepted while the gate kept failing, or a
     * reviewer believed a check was waived that was not. It is now refused when the policy is saved.
     */
    @Test
    void aWaiverForACheckTheGateDoesNotHaveIsRefusedWithTheClosestId() {
        PolicyException e = catchThrowableOfType(PolicyException.class, () -> PolicyLoader.parse("acme.yaml", """
                name: acme
                roles:
                  ciso: {groups: [ciso]}
                tiers: {}
                gates:
                  waivers:
                    - {check: findings.criticals, acceptedBy: carol, reason: RA-17, expires: "2027-01-01T00:00:00Z"}
                    - {check: evidence.risk-assessment, acceptedBy: carol, reason: RA-18, expires: "2027-01-01T00:00:00Z"}
                """));
        assertThat(e).as("expected the policy to be rejected").isNotNull();
        assertThat(e.problems().stream().map(PolicyProblem::toString).toList())
                .containsExactly(
                        "acme.yaml:7:15: gates.waivers[0].check: unknown gate check 'findings.criticals' (did you mean"
                                + " 'findings.critical'?) (a waiver names one of tests, coverage.line, coverage.branch,"
                                + " findings.critical, findings.high, freeze, branch, evidence, or evidence.<kind>)");
    }
}
