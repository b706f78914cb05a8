package io.jenkins.plugins.relgov.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import java.time.Duration;
import java.time.Period;
import java.util.List;
import org.junit.jupiter.api.Test;

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
        assertThat(roles(p.tier(TierKind.MINOR).orElseThrow()))
                .containsExactlyInAnyOrder("product-manager×1", "qa-lead×1");
        assertThat(roles(p.tier(TierKind.PATCH).orElseThrow())).containsExactly("devops-lead×1");
        assertThat(p.tier(TierKind.MAJOR).orElseThrow().rollout().strategy()).isEqualTo(Rollout.Strategy.CANARY);
        assertThat(p.tier(TierKind.MAJOR).orElseThrow().versioning()).isEqualTo("vX.0.0");
        assertThat(p.tier(TierKind.MINOR).orElseThrow().versioning()).isEqualTo("vX.Y.0");
        assertThat(p.tier(TierKind.PATCH).orElseThrow().rollout().postDeploymentAudit())
                .isTrue();

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
        assertThat(p.gates().lineCoverage())
                .isEqualTo(new Threshold(Threshold.Comparison.GT, 90, Threshold.Unit.PERCENT));
        assertThat(p.gates().maxCritical()).isZero();

        // §6.3 checklist with its responsible roles
        assertThat(p.checklist())
                .extracting(ChecklistItem::responsible)
                .containsExactly("devops-lead", "ciso", "compliance-officer", "qa-lead", "product-owner");

        // §6.4 / §11 post-deploy: 48 h, error < 2%, latency < 500 ms; rollback on > 5%, > 10 s, tenant > 10%, 30 min
        PostDeploy post = p.postDeploy();
        assertThat(post.monitoringWindow()).isEqualTo(Duration.ofHours(48));
        assertThat(post.quality())
                .extracting(r -> r.metric() + " " + r.threshold())
                .containsExactly("error-rate < 2%", "latency < 500ms");
        assertThat(post.rollbackTriggers())
                .extracting(r -> r.metric() + " " + r.threshold())
                .containsExactly("error-rate > 5%", "latency > 10000ms", "tenant-impact > 10%");
        assertThat(post.rollbackTriggers().get(1).threshold().value()).isEqualTo(10_000.0);
        assertThat(post.reactionTime()).isEqualTo(Duration.ofMinutes(30));
        assertThat(post.healthChecksMustPass()).isTrue();

        // §8 rollback table and command
        assertThat(p.rollback().command()).isEqualTo("make rollback ENV=${ENV} VERSION=${VERSION}");
        assertThat(p.rollback().responses())
                .extracting(RollbackPolicy.Response::owner)
                .containsExactly("devops-lead", "ciso", "ops-lead");
        assertThat(p.rollback().responses().get(2).within()).isEqualTo(Duration.ofMinutes(30));

        // §4 manual multi-approver with segregation; §12 7 years; §10 controls
        assertThat(p.segregation().excludeTriggerer()).isTrue();
        assertThat(p.segregation().breakGlassReview().within()).isEqualTo(Duration.ofHours(72));
        assertThat(p.retention()).isEqualTo(Period.ofYears(7));
        // the source's four controls first, as written; then what auditors test today, each the target of a crosswalk
        assertThat(p.controls())
                .extracting(Control::id)
                .containsExactly(
                        "ISO27001-A.12",
                        "SOC2-CC7.2",
                        "ISO27001-A.14",
                        "CNDP-09-08",
                        "ISO27001-2022-A.8.32",
                        "ISO27001-2022-A.5.3",
                        "ISO27001-2022-A.8.29",
                        "ISO27001-2022-A.8.31",
                        "ISO27001-2022-A.8.15",
                        "SOC2-CC8.1",
                        "SOC2-CC7.2-monitoring");
        assertThat(p.controls().subList(0, 4))
                .extracting(Control::framework, Control::title)
                .containsExactly(
                        tuple("ISO 27001", "Change Management"), tuple("SOC 2", "Change Control"),
                        tuple("ISO 27001", "System Acquisition Testing"),
                                tuple("Morocco Law 09-08", "CNDP Data Change Notice"));
        assertThat(p.controls())
                .extracting(Control::id, Control::crosswalk)
                .contains(
                        tuple("ISO27001-A.12", List.of("ISO27001-2022-A.8.32", "ISO27001-2022-A.8.15")),
                        tuple("SOC2-CC7.2", List.of("SOC2-CC8.1", "SOC2-CC7.2-monitoring")),
                        tuple("ISO27001-A.14", List.of("ISO27001-2022-A.8.29", "ISO27001-2022-A.8.32")));
        // approvals prove change management and segregation of duties; anomaly monitoring (CC7.2) rests on post-deploy
        // analysis
        assertThat(p.controlsFor("approval"))
                .extracting(Control::id)
                .containsExactly(
                        "SOC2-CC7.2",
                        "ISO27001-2022-A.8.32",
                        "ISO27001-2022-A.5.3",
                        "ISO27001-2022-A.8.31",
                        "SOC2-CC8.1");
        assertThat(p.controlsFor("post-deploy-analysis"))
                .extracting(Control::id)
                .containsExactly("SOC2-CC7.2-monitoring");

        // §9 communication, §12 reviews
        assertThat(p.communication())
                .extracting(Communication::responsible)
                .containsExactly("product-team", "devops-lead", "docs-lead");
        assertThat(p.reviews())
                .extracting(r -> r.role() + ":" + r.frequency())
                .containsExactly(
                        "ciso:quarterly",
                        "product-manager:per-release",
                        "qa-lead:per-release",
                        "compliance-officer:annual",
                        "cto:per-quarter");
    }

    @Test
    void dealsphereCarriesTheTenPhasesAndEveryDeliverableOfSeed002() {
        Policy p = ShippedPolicies.load("dealsphere");
        assertThat(p.phases())
                .extracting(Phase::name)
                .containsExactly(
                        "1. Planning & Scope Definition",
                        "2. Regulatory Risk & Compliance Review",
                        "3. Secure Development & Code Review",
                        "4. Testing, Audit Logging & Quality Assurance",
                        "5. Release Notes & Documentation",
                        "6. Pre-Release Approval",
                        "7. Version Tagging, Deployment & Audit Logging",
                        "8. Post-Deployment Monitoring & Compliance Evidence",
                        "9. Customer & Regulatory Notification (as required)",
                        "10. Retrospective, Remediation, & Continuous Improvement");
        // the seed's deliverable bullets, phase by phase (phase 3's first bullet is recorded as two kinds)
        assertThat(p.phases())
                .extracting(ph ->
                        ph.deliverables().stream().map(Phase.Deliverable::name).toList())
                .containsExactly(
                        List.of(
                                "Release scope doc and change log (in tracker/system)",
                                "CAB/steering committee signed minutes",
                                "Stakeholder and compliance officer approval"),
                        List.of(
                                "Risk assessment report",
                                "Completed compliance checklist(s)",
                                "Signoff by named compliance or InfoSec owner"),
                        List.of(
                                "Signed code review",
                                "Security scan artefacts",
                                "Patch/upgrade exception and acceptance-of-risk forms (if any)"),
                        List.of(
                                "Test summary with CI/CD run reports",
                                "Access and deployment logs demonstrating SoD",
                                "Pre-production simulated rollback/test signoff"),
                        List.of(
                                "Release notes (public and internal/audit)",
                                "Updated user and support documentation",
                                "Knowledge base and runbook updates"),
                        List.of(
                                "Signed-off release package",
                                "CAB \"Go/No-Go\" minutes/decision log",
                                "Documented deployment/rollback plan"),
                        List.of(
                                "Annotated Git tag and deployment records (timestamped, user-attributed)",
                                "Monitoring and security dashboards updated for new release"),
                        List.of(
                                "Health, availability, and anomaly reporting dashboard",
                                "Emergency action/RCA report for incidents",
                                "Audit artefact package for retention"),
                        List.of("Copies of all notifications", "Notification send log (time, audience)"),
                        List.of(
                                "Retrospective/post-mortem document with action log",
                                "Updated release-process.md",
                                "Evidence of assigned improvement actions"));
        // "if any", "for incidents" and "as required" deliverables are optional; the rest are required
        assertThat(p.phases().stream()
                        .flatMap(ph -> ph.deliverables().stream())
                        .filter(d -> !d.required())
                        .map(Phase.Deliverable::id))
                .containsExactly("risk-acceptance", "incident-rca", "notification-copies", "notification-log");
        // every deliverable supports at least one SOC 2 / PCI DSS / GDPR control
        p.phases().stream()
                .flatMap(ph -> ph.deliverables().stream())
                .forEach(d -> assertThat(p.controlsFor(d.id())).as(d.id()).isNotEmpty());
        assertThat(p.controls())
                .extracting(Control::framework)
                .contains(
                        "SOC 2",
                        "PCI DSS v4.0",
                        "GDPR",
                        "DORA, Regulation (EU) 2022/2554",
                        "Commission Delegated Regulation (EU) 2024/1774");
        // independent approval and emergency changes approved afterwards (EU 2024/1774 Art. 17) rest on ledger facts
        assertThat(p.controlsFor("segregation-of-duties"))
                .extracting(Control::id)
                .containsExactly("DORA-RTS-2024-1774-Art17");
        assertThat(p.controlsFor("post-hoc-approval"))
                .extracting(Control::id)
                .containsExactly("DORA-RTS-2024-1774-Art17");
        assertThat(p.controls())
                .extracting(Control::id, Control::crosswalk)
                .contains(
                        tuple("PCI-DSS-6.5.4", List.of("DORA-RTS-2024-1774-Art17")),
                        tuple("SOC2-CC8.1", List.of("PCI-DSS-6.5.1", "DORA-Art9.4e")));
        // strict segregation, the stricter end of "48-72h", CAB and compliance on every tier
        assertThat(p.segregation().administrators()).isEqualTo(SegregationOfDuties.AdminPower.NONE);
        assertThat(p.segregation().excludeCommitAuthors()).isTrue();
        assertThat(p.postDeploy().monitoringWindow()).isEqualTo(Duration.ofHours(72));
        assertThat(p.tiers()).containsOnlyKeys(TierKind.MAJOR, TierKind.MINOR, TierKind.PATCH);
        p.tiers().values().forEach(t -> {
            assertThat(roles(t)).contains("change-advisory-board×1", "compliance-officer×1", "release-manager×1");
            assertThat(t.requiredEvidence())
                    .contains("risk-assessment", "cab-minutes", "go-no-go-decision", "test-summary");
        });
        assertThat(roles(p.tier(TierKind.MAJOR).orElseThrow())).contains("infosec-owner×1");
    }

    @Test
    void shippedNamesAreTheOnlyLoadableNames() {
        assertThat(ShippedPolicies.names()).startsWith("inopsio");
        assertThatThrownBy(() -> ShippedPolicies.load("../../../etc/passwd"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no shipped policy");
        assertThatThrownBy(() -> ShippedPolicies.load("inopsoi")).hasMessageContaining("did you mean 'inopsio'?");
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
