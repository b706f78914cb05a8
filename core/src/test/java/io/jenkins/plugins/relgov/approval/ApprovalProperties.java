package io.jenkins.plugins.relgov.approval;

import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.relgov.approval.ApprovalEvent.Approved;
import io.jenkins.plugins.relgov.policy.SegregationOfDuties.AdminPower;
import io.jenkins.plugins.relgov.policy.TierKind;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Random policies and random decisions by random people, checked against a small independent model
 * of the rules, and against the rules stated declaratively on the final log.
 */
class ApprovalProperties {

    /** One attempt: who (index), which role (-1 none named, -2 a role the request lacks), approve or reject. */
    record Step(int person, int role, int action, int minutes, boolean shout) {}

    /**
     * @param counts   the quota of role i (members: group "g{i}", plus people listed directly)
     * @param people   per person, a bit mask: bits 0-3 the groups they are in, bit 4 listed directly in role p%n
     * @param flags    bit 0 ordered, 1 distinct, 2 exclude triggerer, 3 exclude authors, 4 a 2-day timeout, 5 has triggerer
     * @param authors  bit mask of people who authored commits
     */
    record Scenario(
            List<Integer> counts, List<Integer> people, int flags, int triggerer, int authors, List<Step> steps) {
        boolean flag(int bit) {
            return (flags & (1 << bit)) != 0;
        }

        String id(int p) {
            return "p" + p;
        }

        boolean inGroup(int p, int role) {
            return (people.get(p) & (1 << role)) != 0;
        }

        boolean listed(int p, int role) {
            return (people.get(p) & 16) != 0 && p % counts.size() == role;
        }

        boolean eligible(int p, int role) {
            return inGroup(p, role) || listed(p, role);
        }

        Integer triggererIndex() {
            return flag(5) ? triggerer % people.size() : null;
        }

        boolean author(int p) {
            return (authors & (1 << p)) != 0;
        }

        ApprovalRules rules() {
            List<RoleQuota> quotas = new ArrayList<>();
            Map<String, Members> members = new LinkedHashMap<>();
            for (int r = 0; r < counts.size(); r++) {
                quotas.add(new RoleQuota("role" + r, counts.get(r)));
                List<String> users = new ArrayList<>();
                for (int p = 0; p < people.size(); p++) {
                    if (listed(p, r)) {
                        users.add(id(p));
                    }
                }
                members.put("role" + r, new Members(users, List.of("g" + r)));
            }
            return new ApprovalRules(
                    quotas,
                    flag(0),
                    flag(4) ? Duration.ofDays(2) : null,
                    members,
                    flag(2),
                    flag(3),
                    flag(1),
                    AdminPower.NONE,
                    null,
                    null,
                    true,
                    MembershipMatcher.DEFAULT);
        }

        RequestSpec spec() {
            List<String> authorIds = new ArrayList<>();
            for (int p = 0; p < people.size(); p++) {
                if (author(p)) {
                    authorIds.add(id(p).toUpperCase(Locale.ROOT));
                }
            }
            Integer t = triggererIndex();
            return new RequestSpec(
                    "1.2.0",
                    TierKind.MINOR,
                    "production",
                    "random",
                    "sha256:00",
                    "job#1",
                    t == null ? null : id(t),
                    authorIds,
                    false);
        }

        Identity identity(Step s) {
            int p = s.person() % people.size();
            Set<String> groups = new HashSet<>();
            for (int r = 0; r < 4; r++) {
                if (inGroup(p, r)) {
                    groups.add(s.shout() ? "G" + r : "g" + r);
                }
            }
            groups.add("authenticated");
            return new Identity(s.shout() ? id(p).toUpperCase(Locale.ROOT) : id(p), groups, false);
        }
    }

    @Provide
    Arbitrary<Scenario> scenarios() {
        Arbitrary<Step> step = Combinators.combine(
                        Arbitraries.integers().between(0, 6),
                        Arbitraries.integers().between(-2, 3),
                        Arbitraries.integers().between(0, 39).withoutEdgeCases(),
                        Arbitraries.integers().between(0, 240),
                        Arbitraries.of(true, false))
                .as(Step::new);
        return Combinators.combine(
                        Arbitraries.integers().between(1, 3).list().ofMinSize(1).ofMaxSize(4),
                        Arbitraries.integers()
                                .between(0, 31)
                                .list()
                                .ofMinSize(1)
                                .ofMaxSize(7),
                        Arbitraries.integers().between(0, 63),
                        Arbitraries.integers().between(0, 6),
                        Arbitraries.integers().between(0, 127),
                        step.list().ofMinSize(1).ofMaxSize(40))
                .as(Scenario::new);
    }

    /** The independent model: what the rules say should happen, step by step. */
    static final class Model {
        final Scenario sc;
        final int[] counted;
        final Map<Integer, Set<Integer>> done = new HashMap<>();
        ApprovalStatus status = ApprovalStatus.OPEN;

        Model(Scenario sc) {
            this.sc = sc;
            this.counted = new int[sc.counts().size()];
        }

        boolean complete(int r) {
            return counted[r] >= sc.counts().get(r);
        }

        boolean earlierComplete(int r) {
            for (int e = 0; e < r; e++) {
                if (!complete(e)) {
                    return false;
                }
            }
            return true;
        }

        /** The role an approval counts for, or -1 when the rules refuse it. */
        int approve(int p, int named) {
            if (status != ApprovalStatus.OPEN || named == -2) {
                return -1;
            }
            Integer t = sc.triggererIndex();
            if ((sc.flag(2) && t != null && t == p) || (sc.flag(3) && sc.author(p))) {
                return -1;
            }
            Set<Integer> mine = done.getOrDefault(p, Set.of());
            if (sc.flag(1) && !mine.isEmpty()) {
                return -1;
            }
            int n = sc.counts().size();
            int chosen = -1;
            for (int r = 0; r < n; r++) {
                boolean wanted = named < 0 || r == named % n;
                if (wanted && sc.eligible(p, r) && !mine.contains(r) && !complete(r)) {
                    chosen = r;
                    break;
                }
            }
            if (chosen < 0 || (sc.flag(0) && !earlierComplete(chosen))) {
                return -1;
            }
            counted[chosen]++;
            done.computeIfAbsent(p, k -> new HashSet<>()).add(chosen);
            boolean all = true;
            for (int r = 0; r < n; r++) {
                all &= complete(r);
            }
            if (all) {
                status = ApprovalStatus.APPROVED;
            }
            return chosen;
        }

        boolean reject(int p) {
            if (status != ApprovalStatus.OPEN) {
                return false;
            }
            for (int r = 0; r < sc.counts().size(); r++) {
                if (sc.eligible(p, r)) {
                    status = ApprovalStatus.REJECTED;
                    return true;
                }
            }
            return false;
        }
    }

    @Property(tries = 400)
    void theEngineAgreesWithTheModelStepByStep(@ForAll("scenarios") Scenario sc) {
        TestPolicies.Ticking clock = new TestPolicies.Ticking();
        ApprovalState state = Approvals.open(sc.rules(), sc.spec(), clock).state();
        Model model = new Model(sc);
        Instant deadline = sc.flag(4) ? TestPolicies.T0.plus(Duration.ofDays(2)) : null;
        for (Step step : sc.steps()) {
            clock.advance(Duration.ofMinutes(step.minutes()));
            if (model.status == ApprovalStatus.OPEN
                    && deadline != null
                    && !clock.instant().isBefore(deadline)) {
                model.status = ApprovalStatus.TIMED_OUT;
            }
            int p = step.person() % sc.people().size();
            Identity who = sc.identity(step);
            String named = step.role() == -2
                    ? "no-such-role"
                    : step.role() == -1
                            ? null
                            : "role" + (step.role() % sc.counts().size());
            Outcome o;
            if (step.action() == 0) {
                o = Approvals.decide(state, Decision.reject(who, "not ready"), clock);
                assertThat(o.accepted()).as("reject by %s", who).isEqualTo(model.reject(p));
            } else {
                o = Approvals.decide(state, Decision.approve(who, named, null), clock);
                int role = model.approve(p, step.role());
                assertThat(o.accepted())
                        .as("approve by %s as %s: %s", who, named, o.message())
                        .isEqualTo(role >= 0);
                if (role >= 0) {
                    assertThat(((Approved) o.events().get(o.events().size() - 1)).role())
                            .isEqualTo("role" + role);
                }
            }
            state = o.state();
            assertThat(state.status()).isEqualTo(model.status);
        }
        net.jqwik.api.statistics.Statistics.label("final status").collect(state.status());
        net.jqwik.api.statistics.Statistics.label("accepted approvals")
                .collect(Math.min(state.approvals().size(), 3));
        assertTheRulesHold(sc, state);
    }

    /** The rules stated on the final log, without the model: approved exactly when they are met. */
    static void assertTheRulesHold(Scenario sc, ApprovalState state) {
        Map<String, Integer> perRole = new HashMap<>();
        Set<String> approvers = new HashSet<>();
        Set<String> approverRoles = new HashSet<>();
        List<RoleQuota> quotas = state.rules().quotas();
        for (Approved a : state.approvals()) {
            String key = a.userId().toLowerCase(Locale.ENGLISH);
            int p = Integer.parseInt(key.substring(1));
            int r = Integer.parseInt(a.role().substring(4));
            assertThat(sc.eligible(p, r))
                    .as("%s eligible for %s", key, a.role())
                    .isTrue();
            if (sc.flag(2)) {
                assertThat(Integer.valueOf(p)).isNotEqualTo(sc.triggererIndex());
            }
            if (sc.flag(3)) {
                assertThat(sc.author(p)).isFalse();
            }
            assertThat(approverRoles.add(key + "/" + a.role()))
                    .as("nobody counts twice for one role")
                    .isTrue();
            if (sc.flag(1)) {
                assertThat(approvers.add(key)).as("distinct approvers").isTrue();
            }
            if (sc.flag(0)) {
                for (int e = 0; e < r; e++) {
                    assertThat(perRole.getOrDefault("role" + e, 0))
                            .as("order")
                            .isEqualTo(quotas.get(e).count());
                }
            }
            perRole.merge(a.role(), 1, Integer::sum);
            assertThat(perRole.get(a.role())).isLessThanOrEqualTo(quotas.get(r).count());
        }
        boolean met = quotas.stream().allMatch(q -> perRole.getOrDefault(q.role(), 0) == q.count());
        boolean stopped = state.events().stream()
                .anyMatch(e -> e instanceof ApprovalEvent.Rejected || e instanceof ApprovalEvent.TimedOut);
        assertThat(state.status() == ApprovalStatus.APPROVED).isEqualTo(met && !stopped);
        assertThat(state.missing().isEmpty()).isEqualTo(met);
    }

    @Property(tries = 200)
    void replayingTheLogGivesTheSameState(@ForAll("scenarios") Scenario sc) {
        TestPolicies.Ticking clock = new TestPolicies.Ticking();
        ApprovalState state = Approvals.open(sc.rules(), sc.spec(), clock).state();
        for (Step step : sc.steps()) {
            clock.advance(Duration.ofMinutes(step.minutes()));
            Decision d = step.action() == 0
                    ? Decision.reject(sc.identity(step), "no")
                    : Decision.approve(sc.identity(step), step.role() < 0 ? null : "role" + step.role(), "ok");
            state = Approvals.decide(state, d, clock).state();
        }
        Instant now = clock.instant();
        List<Object> expected = ApprovalLogTest.view(state, now);
        assertThat(ApprovalLogTest.view(ApprovalState.fold(state.events()), now))
                .isEqualTo(expected);
        assertThat(ApprovalLogTest.view(ApprovalState.fold(ApprovalJson.read(ApprovalJson.write(state.events()))), now))
                .isEqualTo(expected);
        // folding in two halves and continuing gives the same as folding at once
        int half = state.events().size() / 2 + 1;
        ApprovalState resumed = ApprovalState.fold(state.events().subList(0, half))
                .then(state.events().subList(half, state.events().size()));
        assertThat(ApprovalLogTest.view(resumed, now)).isEqualTo(expected);
    }
}
