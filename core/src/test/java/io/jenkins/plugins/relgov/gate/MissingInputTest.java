package io.jenkins.plugins.relgov.gate;

import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.relgov.gate.MissingInput.Input;
import io.jenkins.plugins.relgov.policy.Policy;
import io.jenkins.plugins.relgov.policy.TierKind;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** What a gate must be told before it can decide every rule of the policy (the CLI refuses without it). */
class MissingInputTest {
    private static final Policy POLICY = TestPolicies.policy(TestPolicies.inopsioGates());
    private static final EvidenceIndex NOTHING = new EvidenceIndex() {
        @Override
        public Optional<String> find(String kind) {
            return Optional.empty();
        }

        @Override
        public String describe() {
            return "an empty evidence store";
        }
    };

    private static GateContext context(TierKind tier, String environment, String branch, EvidenceIndex evidence) {
        return new GateContext(
                POLICY, tier, environment, branch, Instant.parse("2026-11-20T10:00:00Z"), evidence, null);
    }

    @Test
    void unknownTierAndEnvironmentAreNamedWithTheRulesThatNeedThem() {
        assertThat(context(null, null, "release/1.4", NOTHING).missingInputs())
                .containsExactly(
                        new MissingInput(
                                Input.TIER,
                                "tiers.{minor,emergency}.requiredEvidence",
                                "the release's tier decides which evidence it needs, and tier(s) minor, emergency require some"),
                        new MissingInput(
                                Input.ENVIRONMENT,
                                "environments.{staging,production}.branches",
                                "environment(s) staging, production accept only some branches"));
    }

    @Test
    void aRestrictedEnvironmentWithoutBranchAndRequiredEvidenceWithoutStore() {
        assertThat(context(TierKind.MINOR, "production", " ", null).missingInputs())
                .containsExactly(
                        new MissingInput(
                                Input.BRANCH,
                                "environments.production.branches",
                                "production accepts only release/*, hotfix/*"),
                        new MissingInput(
                                Input.EVIDENCE,
                                "tiers.minor.requiredEvidence",
                                "the release must have recorded test-summary, security-scan"));
    }

    @Test
    void aTierOrEnvironmentThePolicyLacks() {
        assertThat(context(TierKind.MAJOR, "prod", "main", NOTHING).missingInputs())
                .extracting(MissingInput::input)
                .containsExactly(Input.TIER, Input.ENVIRONMENT);
    }

    @Test
    void everythingKnownLeavesNothingMissing() {
        assertThat(context(TierKind.MINOR, "production", "release/1.4", NOTHING).missingInputs())
                .isEmpty();
    }
}
