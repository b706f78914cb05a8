package io.jenkins.plugins.relgov.approval;

import static io.jenkins.plugins.relgov.approval.TestPolicies.inopsio;
import static io.jenkins.plugins.relgov.approval.TestPolicies.tier;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jenkins.plugins.relgov.policy.ApprovalRule;
import io.jenkins.plugins.relgov.policy.Policy;
import io.jenkins.plugins.relgov.policy.Role;
import io.jenkins.plugins.relgov.policy.SegregationOfDuties;
import io.jenkins.plugins.relgov.policy.SegregationOfDuties.AdminPower;
import io.jenkins.plugins.relgov.policy.Tier;
import io.jenkins.plugins.relgov.policy.TierKind;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ApprovalRulesTest {

    @Test
    void takesTheTierAndSegregationFromThePolicy() {
        ApprovalRules major = ApprovalRules.from(inopsio(), TierKind.MAJOR, MembershipMatcher.DEFAULT);
        assertThat(major.quotas()).containsExactly(new RoleQuota("executive-board", 1), new RoleQuota("ciso", 1));
        assertThat(major.ordered()).isFalse();
        assertThat(major.timeout()).isEqualTo(Duration.ofDays(7));
        assertThat(major.members()).containsOnlyKeys("executive-board", "ciso", "devops-lead");
        assertThat(major.breakGlassReview())
                .isEqualTo(new ReviewRule(List.of("ciso", "devops-lead"), Duration.ofHours(72)));
        assertThat(major.excludeTriggerer()).isTrue();
        assertThat(major.excludeCommitAuthors()).isTrue();
        assertThat(major.distinctApprovers()).isTrue();
        assertThat(major.refuseReplay()).isTrue();

        ApprovalRules minor = ApprovalRules.from(inopsio(), TierKind.MINOR, MembershipMatcher.DEFAULT);
        assertThat(minor.ordered()).isTrue();
        assertThat(minor.quotas()).extracting(RoleQuota::role).containsExactly("qa-lead", "product-manager");

        ApprovalRules emergency = ApprovalRules.from(inopsio(), TierKind.EMERGENCY, MembershipMatcher.DEFAULT);
        assertThat(emergency.quotas()).isEmpty();
        assertThat(emergency.afterRelease().roles()).containsExactly("ciso", "devops-lead");
    }

    @Test
    void withTimeoutAndWithRolesChangeThatAndNothingElse() {
        ApprovalRules major = ApprovalRules.from(inopsio(), TierKind.MAJOR, MembershipMatcher.DEFAULT);
        ApprovalRules shorter = major.withTimeout(Duration.ofHours(4));
        assertThat(shorter.timeout()).isEqualTo(Duration.ofHours(4));
        assertThat(shorter.withTimeout(major.timeout())).isEqualTo(major);

        Policy p = inopsio();
        Map<String, Role> roles = new LinkedHashMap<>(p.roles());
        roles.put("ciso", roles.get("ciso").withMembers(List.of("cleo"), List.of()));
        Policy mapped = p.withRoles(roles);
        assertThat(mapped.roles().get("ciso").users()).contains("cleo");
        assertThat(mapped.withRoles(p.roles())).isEqualTo(p);
    }

    static Policy with(Map<String, Role> roles, Tier tier, SegregationOfDuties sod) {
        return new Policy(
                "p",
                null,
                null,
                roles,
                Map.of(tier.kind(), tier),
                null,
                null,
                null,
                null,
                sod,
                null,
                null,
                null,
                null,
                null,
                null);
    }

    @Test
    void refusesRulesThatNameAnUndefinedRole() {
        Policy p = with(
                inopsio().roles(),
                tier(TierKind.MAJOR, List.of(new ApprovalRule("cfo", 1)), false, null, null),
                SegregationOfDuties.STRICT);
        assertThatThrownBy(() -> ApprovalRules.from(p, TierKind.MAJOR, MembershipMatcher.DEFAULT))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("policy 'p' tier 'major'")
                .hasMessageContaining("role 'cfo'")
                .hasMessageContaining("does not define");
        assertThatThrownBy(() -> ApprovalRules.from(p, TierKind.MINOR, MembershipMatcher.DEFAULT))
                .hasMessageContaining("has no tier 'minor'");
    }

    @Test
    void refusesAQuotaThatCanNeverBeMet() {
        Map<String, Role> roles = new LinkedHashMap<>();
        roles.put("cab", new Role("cab", null, List.of("ann", "ben"), List.of()));
        Policy p = with(
                roles,
                tier(TierKind.MAJOR, List.of(new ApprovalRule("cab", 3)), false, null, null),
                SegregationOfDuties.STRICT);
        assertThatThrownBy(() -> ApprovalRules.from(p, TierKind.MAJOR, MembershipMatcher.DEFAULT))
                .hasMessageContaining("role 'cab' needs 3 approvers but lists only 2 user(s)");
        Policy zero = with(
                roles,
                tier(TierKind.MAJOR, List.of(new ApprovalRule("cab", 0)), false, null, null),
                SegregationOfDuties.STRICT);
        assertThatThrownBy(() -> ApprovalRules.from(zero, TierKind.MAJOR, MembershipMatcher.DEFAULT))
                .hasMessageContaining("at least 1");
        Policy twice = with(
                roles,
                tier(
                        TierKind.MAJOR,
                        List.of(new ApprovalRule("cab", 1), new ApprovalRule("cab", 1)),
                        false,
                        null,
                        null),
                SegregationOfDuties.STRICT);
        assertThatThrownBy(() -> ApprovalRules.from(twice, TierKind.MAJOR, MembershipMatcher.DEFAULT))
                .hasMessageContaining("two quotas");
    }

    @Test
    void refusesBreakGlassWithoutAReview() {
        Policy p = inopsio(new SegregationOfDuties(true, true, true, AdminPower.BREAK_GLASS, null, true));
        assertThatThrownBy(() -> ApprovalRules.from(p, TierKind.MAJOR, MembershipMatcher.DEFAULT))
                .hasMessageContaining("no breakGlassReview");
    }

    @Test
    void matchesUsersAndGroupsTheWayJenkinsDoes() {
        Members m = new Members(List.of("Ann.Lee"), List.of("Release-Managers"));
        assertThat(m.via(Identity.user("ann.lee"), MembershipMatcher.DEFAULT)).contains("user:Ann.Lee");
        assertThat(m.via(Identity.user("zoe", "release-managers"), MembershipMatcher.DEFAULT))
                .contains("group:Release-Managers");
        assertThat(m.via(Identity.user("ann.lee"), MembershipMatcher.CASE_SENSITIVE))
                .isEmpty();
        MembershipMatcher mixed =
                new MembershipMatcher(MembershipMatcher.Case.SENSITIVE, MembershipMatcher.Case.INSENSITIVE);
        assertThat(m.via(Identity.user("zoe", "RELEASE-MANAGERS"), mixed)).contains("group:Release-Managers");
        // Locale.ENGLISH lower-casing, as IdStrategy.CaseInsensitive: no Turkish dotless i surprises
        assertThat(MembershipMatcher.DEFAULT.userKey("INGRID")).isEqualTo("ingrid");
    }
}
