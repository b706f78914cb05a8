package io.jenkins.plugins.relgov.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.jenkins.plugins.relgov.policy.Satisfiability.Need;
import io.jenkins.plugins.relgov.policy.Satisfiability.Result;
import io.jenkins.plugins.relgov.policy.Satisfiability.Verdict;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Review: {@code policy validate} accepted tiers no set of distinct people can ever approve, such as
 * {@code cto: [alice]} and {@code ciso: [alice]} both required with distinct approvers.
 */
class SatisfiabilityTest {

    private static List<String> problems(String yaml) {
        PolicyException e = catchThrowableOfType(PolicyException.class, () -> PolicyLoader.parse("acme.yaml", yaml));
        assertThat(e).as("expected the policy to be rejected").isNotNull();
        return e.problems().stream().map(PolicyProblem::toString).toList();
    }

    private static Map<String, Role> roles(Object... nameUsersGroups) {
        Map<String, Role> roles = new LinkedHashMap<>();
        for (int i = 0; i < nameUsersGroups.length; i += 3) {
            @SuppressWarnings("unchecked")
            List<String> users = (List<String>) nameUsersGroups[i + 1];
            @SuppressWarnings("unchecked")
            List<String> groups = (List<String>) nameUsersGroups[i + 2];
            roles.put((String) nameUsersGroups[i], new Role((String) nameUsersGroups[i], null, users, groups));
        }
        return roles;
    }

    @Test
    void twoRolesWhoseOnlyMemberIsOnePersonCanNeverBeApproved() {
        String yaml = """
                name: acme
                roles:
                  cto: {users: [alice]}
                  ciso: {users: [alice]}
                tiers:
                  major:
                    approvals: [{role: cto}, {role: ciso}]
                    ordered: true
                """;
        assertThat(problems(yaml))
                .containsExactly("acme.yaml:7:16: tiers.major.approvals: can never be approved:"
                        + " roles cto, ciso need 2 distinct people in all (one person fills one role), but only 1 listed person"
                        + " can: alice (and none of these roles has groups); add members or groups, or lower a count");
        // when the policy lets one person fill two roles, alice alone completes it
        Policy lenient = PolicyLoader.parse("acme.yaml", yaml + "segregationOfDuties: {distinctApprovers: false}\n")
                .policy();
        assertThat(Satisfiability.of(lenient).get("tiers.major.approvals").verdict())
                .isEqualTo(Verdict.SATISFIABLE);
    }

    @Test
    void quotasCountAgainstSharedMembers() {
        Map<String, Role> roles =
                roles("cto", List.of("alice", "bob"), List.of(), "ciso", List.of("alice", "bob"), List.of());
        Result r = Satisfiability.of(List.of(new Need("cto", 2), new Need("ciso", 1)), roles, true);
        assertThat(r.verdict()).isEqualTo(Verdict.UNSATISFIABLE);
        assertThat(r.reason())
                .isEqualTo("roles cto, ciso need 3 distinct people in all (one person fills one role),"
                        + " but only 2 listed people can: alice, bob (and none of these roles has groups)");
    }

    @Test
    void aMatchingIsFoundWhereTheFirstChoiceWouldBlockIt() {
        // taking bob for cto first would leave ciso empty; alice for cto and bob for ciso completes it
        Map<String, Role> roles = roles("cto", List.of("bob", "alice"), List.of(), "ciso", List.of("bob"), List.of());
        Result r = Satisfiability.of(List.of(new Need("cto", 1), new Need("ciso", 1)), roles, true);
        assertThat(r.verdict()).isEqualTo(Verdict.SATISFIABLE);
        assertThat(r.needsEveryone()).containsExactly("bob", "alice");
    }

    @Test
    void theShortRolesAreNamedNotTheOthers() {
        // a, b and c compete for p1 and p2 (Hall's condition fails on {a, b, c}); d has people of its own
        Map<String, Role> roles = roles(
                "a",
                List.of("p1", "p2"),
                List.of(),
                "b",
                List.of("p1", "p2"),
                List.of(),
                "c",
                List.of("p2", "p1"),
                List.of(),
                "d",
                List.of("p3", "p4", "p1"),
                List.of());
        Result r = Satisfiability.of(
                List.of(new Need("d", 2), new Need("a", 1), new Need("b", 1), new Need("c", 1)), roles, true);
        assertThat(r.verdict()).isEqualTo(Verdict.UNSATISFIABLE);
        assertThat(r.reason())
                .startsWith("roles a, b, c need 3 distinct people in all")
                .contains("only 2 listed people can: p1, p2");
    }

    @Test
    void groupsMakeItUnknowableUnlessTheListedRolesAloneAreShort() {
        Map<String, Role> roles = roles(
                "cto",
                List.of("alice"),
                List.of("cto"),
                "ciso",
                List.of("alice"),
                List.of(),
                "qa",
                List.of("alice"),
                List.of());
        Result depends = Satisfiability.of(List.of(new Need("cto", 1), new Need("ciso", 1)), roles, true);
        assertThat(depends.verdict()).isEqualTo(Verdict.DEPENDS_ON_GROUPS);
        assertThat(depends.reason())
                .isEqualTo("its listed users (alice) cannot fill it alone, so whether enough distinct"
                        + " people can depends on who is in group(s) cto, which only Jenkins knows");
        // ciso and qa both need alice, and no group can help them
        Result never =
                Satisfiability.of(List.of(new Need("cto", 1), new Need("ciso", 1), new Need("qa", 1)), roles, true);
        assertThat(never.verdict()).isEqualTo(Verdict.UNSATISFIABLE);
        assertThat(never.reason()).startsWith("roles ciso, qa need 2 distinct people");
        // the listed users alone settle it, groups or not
        Map<String, Role> enough = roles("cto", List.of("carol"), List.of("cto"), "ciso", List.of("alice"), List.of());
        Result settled = Satisfiability.of(List.of(new Need("cto", 1), new Need("ciso", 1)), enough, true);
        assertThat(settled.verdict()).isEqualTo(Verdict.SATISFIABLE);
        // carol is not indispensable: a member of group cto could stand in for her; alice is
        assertThat(settled.needsEveryone()).containsExactly("alice");
    }

    @Test
    void userIdsAreComparedAsJenkinsDoesByDefault() {
        Map<String, Role> roles = roles("cto", List.of("Alice"), List.of(), "ciso", List.of("alice"), List.of());
        assertThat(Satisfiability.of(List.of(new Need("cto", 1), new Need("ciso", 1)), roles, true)
                        .reason())
                .endsWith("only 1 listed person can: Alice (and none of these roles has groups)");
    }

    @Test
    void reviewsAreSignOffsToo() {
        List<String> p = problems("""
                name: acme
                roles:
                  ciso: {users: [alice]}
                  devops: {users: [alice]}
                  qa: {groups: [qa]}
                tiers:
                  emergency:
                    branches: ["hotfix/*"]
                    approvals: []
                    postHocReview: {roles: [ciso, devops], within: 72h}
                segregationOfDuties:
                  administrators: break-glass
                  breakGlassReview: {roles: [devops, ciso], within: 72h}
                """);
        assertThat(p).hasSize(2);
        assertThat(p.get(0))
                .startsWith("acme.yaml:10:20: tiers.emergency.postHocReview: can never be completed: roles ciso,"
                        + " devops need 2 distinct people");
        assertThat(p.get(1))
                .startsWith("acme.yaml:13:21: segregationOfDuties.breakGlassReview: can never be completed:");
    }

    @Test
    void aSingleRoleShortOfMembersKeepsItsOwnMessage() {
        List<String> p = problems("""
                name: acme
                roles: {cto: {users: [alice, bob]}, ciso: {users: [alice]}}
                tiers: {minor: {approvals: [{role: cto, count: 3}, {role: ciso}]}}
                """);
        assertThat(p)
                .containsExactly("acme.yaml:3:48: tiers.minor.approvals[0].count: needs 3 approvals from role"
                        + " 'cto', which has only 2 member(s) [alice, bob] and no groups");
    }

    @Test
    void theShippedPoliciesDependOnGroupsAndNoneIsImpossible() {
        for (String name : ShippedPolicies.names()) {
            Map<String, Result> signOffs = Satisfiability.of(ShippedPolicies.load(name));
            assertThat(signOffs).isNotEmpty();
            assertThat(signOffs.values()).extracting(Result::verdict).containsOnly(Verdict.DEPENDS_ON_GROUPS);
        }
    }

    @Test
    void manyRolesAndPeopleAreDecidedByFlowNotByTryingEveryAssignment() {
        // 40 roles, each of 3 people out of 40, in a ring: a perfect matching exists (role i takes person i)
        Map<String, Role> roles = new LinkedHashMap<>();
        List<Need> needs = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            roles.put(
                    "r" + i,
                    new Role("r" + i, null, List.of("p" + i, "p" + (i + 1) % 40, "p" + (i + 2) % 40), List.of()));
            needs.add(new Need("r" + i, 1));
        }
        assertThat(Satisfiability.of(needs, roles, true).verdict()).isEqualTo(Verdict.SATISFIABLE);
        needs.add(new Need("extra", 1));
        roles.put("extra", new Role("extra", null, List.of("p0"), List.of()));
        assertThat(Satisfiability.of(needs, roles, true).verdict()).isEqualTo(Verdict.UNSATISFIABLE);
    }
}
