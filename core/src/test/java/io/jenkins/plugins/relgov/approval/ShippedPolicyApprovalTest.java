package io.jenkins.plugins.relgov.approval;

import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.relgov.policy.LoadedPolicy;
import io.jenkins.plugins.relgov.policy.ShippedPolicies;
import io.jenkins.plugins.relgov.policy.TierKind;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The shipped inopsio policy, loaded from its YAML, drives the engine the way the demo does. */
class ShippedPolicyApprovalTest {
    final TestPolicies.Ticking clock = new TestPolicies.Ticking();
    final LoadedPolicy inopsio = ShippedPolicies.loaded("inopsio");

    @Test
    void theShippedTiersGiveTheSeedsApprovalRules() {
        for (TierKind kind : TierKind.values()) {
            ApprovalRules built = ApprovalRules.from(TestPolicies.inopsio(), kind, MembershipMatcher.DEFAULT);
            ApprovalRules shipped = ApprovalRules.from(inopsio.policy(), kind, MembershipMatcher.DEFAULT);
            assertThat(shipped.quotas()).as(kind.id()).isEqualTo(built.quotas());
            assertThat(shipped.ordered()).as(kind.id()).isEqualTo(built.ordered());
            assertThat(shipped.timeout()).as(kind.id()).isEqualTo(built.timeout());
            assertThat(shipped.afterRelease()).as(kind.id()).isEqualTo(built.afterRelease());
            assertThat(shipped.breakGlassReview()).as(kind.id()).isEqualTo(built.breakGlassReview());
        }
    }

    @Test
    void aMajorReleaseUnderTheShippedPolicy() {
        RequestSpec spec = RequestSpec.of(
                inopsio,
                "3.0.0",
                TierKind.MAJOR,
                "production",
                "inopsio-release#118",
                "tom",
                List.of("alice", "bob"),
                false);
        Outcome opened = Approvals.open(inopsio.policy(), spec, MembershipMatcher.DEFAULT, clock);
        assertThat(opened.message())
                .isEqualTo("approval requested: still missing [executive-board (1 more), ciso (1 more)]");
        ApprovalState s = opened.state();
        assertThat(s.spec().policyDigest())
                .isEqualTo(inopsio.digest().toString())
                .startsWith("sha256:");

        clock.advance(Duration.ofMinutes(10));
        Outcome self = Approvals.decide(s, Decision.approve(Identity.user("alice", "ciso")), clock);
        assertThat(self.accepted()).isFalse();
        assertThat(self.message()).isEqualTo("alice authored commits in this release and cannot approve it");

        clock.advance(Duration.ofHours(2));
        s = Approvals.decide(
                        self.state(),
                        Decision.approve(Identity.user("erin", "executive-board"), null, "Q4 roadmap"),
                        clock)
                .state();
        clock.advance(Duration.ofHours(3));
        Outcome done =
                Approvals.decide(s, Decision.approve(Identity.user("carol", "ciso"), null, "pen test clean"), clock);
        assertThat(done.message()).isEqualTo("carol approved as ciso (group:ciso); the request is approved");
        String text = done.state().describe(clock.instant());
        assertThat(text)
                .startsWith(
                        "Approval of 3.0.0 (major) to production under policy inopsio: APPROVED at 2026-11-23T14:10:00Z");
        assertThat(text)
                .contains(
                        "approved: executive-board by erin (group:executive-board) at 2026-11-23T11:10:00Z: Q4 roadmap",
                        "refused: APPROVE by alice at 2026-11-23T09:10:00Z: COMMIT_AUTHOR");
    }
}
