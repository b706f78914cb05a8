package io.jenkins.plugins.relgov.policy;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Period;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The shipped policies load and carry the numbers and roles of their source documents (seeds 000 and 002). */
class ShippedPoliciesTest {

    private static List<String> roles(Tier tier) {
        return tier.approvals().stream().map(r -> r.role() + "×" + r.count()).toList();
    }

    @Test
    void inopsioCarriesEveryNumberAndRoleOfSeed000() {
        Policy p = ShippedPolicies.load("inopsio");
        assertThat(p.name()).isEqualTo("inopsio");

        // §2 tiers and their approvers
        assertThat(roles(p.tier(TierKind.MAJOR).orElseThrow())).containsExactly("executive-board×1", "ciso×1");
        assertThat(roles(p.tier(TierKind.MINOR).orElseThrow())).containsExactlyInAnyOrder("product-manager×1", "qa-lead×1");
        assertThat(roles(p.tier(TierKind.PATCH).orElseThrow())).containsExactly("devops-lead×1");
        assertThat(p.tier(TierKind.MAJOR).orElseThrow().rollout().strategy()).isEqualTo(Rollout.Strategy.CANARY);
        assertThat(p.tier(TierKind.MAJOR).orElseThrow().versioning()).isEqualTo("vX.0.0");
        assertThat(p.tier(TierKind.MINOR).orElseThrow().versioning()).isEqualTo("vX.Y.0");
        assertThat(p.tier(TierKind.PATCH).orElseThrow().rollout().postDeploymentAudit()).isTrue();

        // §3 / §13 hotfix path: hotfix/* branches, reviewed within 72 h by the CISO and the DevOps Lead
        Tier emergency = p.tier(TierKind.EMERGENCY).orElseThrow();
        assertThat(emergency.branches()).containsExactly("hotfix/*");
        assertThat(emergency.postHocReview().roles()).containsExactly("ciso", "devops-lead");
        assertThat(emergency.postHocReview().within()).isEqualTo(Duration.ofHours(72));

        // §5 environments; production needs manual multi-approver sign-off
        assertThat(p.environments()).containsOnlyKeys("development", "staging", "production");
        assertThat(p.environment("production").orElseThrow().requiresApproval()).isTrue();
        assertThat(p.environment("staging").orElseThrow().requiresApproval()).isFalse();

        // §6.2 / §11 pre-deploy gates: all tests pass, > 90% coverage, 0 critical
        assertThat(p.gates().testsMustPass()).isTrue();
        assertThat(p.gates().lineCoverage()).isEqualTo(new Threshold(Threshold.Comparison.GT, 90, Threshold.Unit.PERCENT));
        assertThat(p.gates().maxCritical()).isZero();

        // §6.3 checklist with its responsible roles
        assertThat(p.checklist()).extracting(ChecklistItem::responsible)
                .containsExactly("devops-lead", "ciso", "compliance-officer", "qa-lead", "product-owner");

        // §6.4 / §11 post-deploy: 48 h, error < 2%, latency < 500 ms; rollback on > 5%, > 10 s, tenant > 10%, 30 min
        PostDeploy post = p.postDeploy();
        assertThat(post.monitoringWindow()).isEqualTo(Duration.ofHours(48));
        assertThat(post.quality()).extracting(r -> r.metric() + " " + r.threshold())
                .containsExactly("error-rate < 2%", "latency < 500ms");
        assertThat(post.rollbackTriggers()).extracting(r -> r.metric() + " " + r.threshold())
                .containsExactly("error-rate > 5%", "latency > 10000ms", "tenant-impact > 10%");
        assertThat(post.rollbackTriggers().get(1).threshold().value()).isEqualTo(10_000.0);
        assertThat(post.reactionTime()).isEqualTo(Duration.ofMinutes(30));
        assertThat(post.healthChecksMustPass()).isTrue();

        // §8 rollback table and command
        assertThat(p.rollback().command()).isEqualTo("make rollback ENV=${ENV} VERSION=${VERSION}");
        assertThat(p.rollback().responses()).extracting(RollbackPolicy.Response::owner)
                .containsExactly("devops-lead", "ciso", "ops-lead");
        assertThat(p.rollback().responses().get(2).within()).isEqualTo(Duration.ofMinutes(30));

        // §4 manual multi-approver with segregation; §12 7 years; §10 controls
        assertThat(p.segregation().excludeTriggerer()).isTrue();
        assertThat(p.segregation().breakGlassReview().within()).isEqualTo(Duration.ofHours(72));
        assertThat(p.retention()).isEqualTo(Period.ofYears(7));
        assertThat(p.controls()).extracting(Control::id)
                .containsExactly("ISO27001-A.12", "SOC2-CC7.2", "ISO27001-A.14", "CNDP-09-08");
        assertThat(p.controlsFor("approval")).extracting(Control::id).containsExactly("SOC2-CC7.2");

        // §9 communication, §12 reviews
        assertThat(p.communication()).extracting(Communication::responsible)
                .containsExactly("product-team", "devops-lead", "docs-lead");
        assertThat(p.reviews()).extracting(r -> r.role() + ":" + r.frequency()).containsExactly(
                "ciso:quarterly", "product-manager:per-release", "qa-lead:per-release",
                "compliance-officer:annual", "cto:per-quarter");
    }

    @Test
    void shippedNamesAreTheOnlyLoadableNames() {
        assertThat(ShippedPolicies.names()).startsWith("inopsio");
        assertThatThrownBy(() -> ShippedPolicies.load("../../../etc/passwd"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no shipped policy");
        assertThatThrownBy(() -> ShippedPolicies.load("inopsoi"))
                .hasMessageContaining("did you mean 'inopsio'?");
    }

    @Test
    void digestIsStableAndNamesTheDocument() {
        LoadedPolicy a = ShippedPolicies.loaded("inopsio");
        LoadedPolicy b = ShippedPolicies.loaded("inopsio");
        assertThat(a.digest()).isEqualTo(b.digest());
        assertThat(a.digest().toString()).matches("sha256:[0-9a-f]{64}");
        assertThat(PolicyDigest.parse(a.digest().toString())).isEqualTo(a.digest());
    }
}
