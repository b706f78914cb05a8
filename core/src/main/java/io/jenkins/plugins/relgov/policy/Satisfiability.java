package io.jenkins.plugins.relgov.policy;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Whether a sign-off (a tier's approvals, a post-hoc review) can ever be completed by the people a policy names.
 *
 * <p>Each role needs its count of distinct members; with {@code distinctApprovers} one person fills at most one
 * role. That is a flow problem: source → role (its count) → each listed member (1) → person → sink (1, or
 * unbounded without distinct approvers). The sign-off is <b>satisfiable</b> when the listed users alone carry the
 * full flow, <b>unsatisfiable</b> when even unlimited new people from every role's groups could not, and otherwise
 * it <b>depends on groups</b>, whose members only Jenkins knows. An unsatisfiable verdict names a set of roles
 * that together need more people than can fill them (Hall's condition), read off the minimum cut.
 *
 * <p>The order of approvals does not matter here: it decides when a role may approve, not who. User ids are
 * compared as Jenkins does by default, case-insensitively.
 */
public final class Satisfiability {

    /** The verdict on one sign-off. */
    public enum Verdict {
        SATISFIABLE,
        UNSATISFIABLE,
        DEPENDS_ON_GROUPS
    }

    /**
     * @param verdict the verdict
     * @param reason  one line for people (why it can never be met, or what it depends on); empty when satisfiable
     * @param needsEveryone when satisfiable: the listed people without whom it could not be, even with group
     *                      members (the triggerer or a commit author may not approve, so the release must not be
     *                      started or written by them)
     */
    public record Result(Verdict verdict, String reason, List<String> needsEveryone) {
        public Result {
            needsEveryone = List.copyOf(needsEveryone);
        }
    }

    /** One role of a sign-off: {@code count} distinct members of {@code role}. */
    public record Need(String role, int count) {}

    private static final int UNBOUNDED = Integer.MAX_VALUE / 4;

    private final List<Need> needs;
    private final List<Role> roles;
    private final boolean distinct;
    /** Listed people, by the key under which two ids are one person; the first spelling met names them. */
    private final Map<String, String> people = new LinkedHashMap<>();

    private Satisfiability(List<Need> needs, Map<String, Role> roles, boolean distinct) {
        this.needs = List.copyOf(needs);
        this.roles = needs.stream().map(n -> roles.get(n.role())).toList();
        this.distinct = distinct;
        this.roles.forEach(r -> r.users().forEach(u -> people.putIfAbsent(key(u), u)));
    }

    /**
     * Checks one sign-off.
     *
     * @param needs    what it needs, each role once and defined in {@code roles}
     * @param distinct the policy's {@code distinctApprovers}
     */
    public static Result of(List<Need> needs, Map<String, Role> roles, boolean distinct) {
        return new Satisfiability(needs, roles, distinct).check();
    }

    /** A tier's approvals. */
    public static Result of(Tier tier, Map<String, Role> roles, boolean distinct) {
        return of(
                tier.approvals().stream()
                        .map(a -> new Need(a.role(), a.count()))
                        .toList(),
                roles,
                distinct);
    }

    /** A post-hoc review: one member of each role. */
    public static Result of(PostHocReview review, Map<String, Role> roles, boolean distinct) {
        return of(review.roles().stream().map(r -> new Need(r, 1)).toList(), roles, distinct);
    }

    /**
     * Every sign-off of a policy by its field path ({@code tiers.major.approvals}, {@code tiers.emergency.postHocReview},
     * {@code segregationOfDuties.breakGlassReview}), leaving out those that name an undefined role or ask a role
     * without groups for more approvals than it lists users (problems of their own).
     */
    public static Map<String, Result> of(Map<String, Role> roles, Iterable<Tier> tiers, SegregationOfDuties sod) {
        boolean distinct = sod.distinctApprovers();
        Map<String, Result> out = new LinkedHashMap<>();
        for (Tier t : tiers) {
            if (t.kind() == null) {
                continue;
            }
            String path = "tiers." + t.kind().id();
            List<Need> approvals = t.approvals().stream()
                    .map(a -> new Need(a.role(), a.count()))
                    .toList();
            if (!approvals.isEmpty() && checkable(approvals, roles)) {
                out.put(path + ".approvals", of(approvals, roles, distinct));
            }
            if (t.postHocReview() != null) {
                review(out, path + ".postHocReview", t.postHocReview(), roles, distinct);
            }
        }
        if (sod.breakGlassReview() != null) {
            review(out, "segregationOfDuties.breakGlassReview", sod.breakGlassReview(), roles, distinct);
        }
        return out;
    }

    /** The same for a loaded policy. */
    public static Map<String, Result> of(Policy policy) {
        return of(policy.roles(), policy.tiers().values(), policy.segregation());
    }

    private static void review(
            Map<String, Result> out, String path, PostHocReview review, Map<String, Role> roles, boolean distinct) {
        List<Need> needs = review.roles().stream().map(r -> new Need(r, 1)).toList();
        if (!needs.isEmpty() && checkable(needs, roles)) {
            out.put(path, of(needs, roles, distinct));
        }
    }

    private static boolean checkable(List<Need> needs, Map<String, Role> roles) {
        return needs.stream().map(Need::role).distinct().count() == needs.size()
                && needs.stream().allMatch(n -> {
                    Role r = n.role() == null ? null : roles.get(n.role());
                    return r != null
                            && (!r.hasBoundedMembership()
                                    || n.count() <= r.users().size());
                });
    }

    private static String key(String userId) {
        return userId.toLowerCase(Locale.ENGLISH);
    }

    private Result check() {
        int required = needs.stream().mapToInt(Need::count).sum();
        if (flow(false, null).total >= required) {
            List<String> essential = people.entrySet().stream()
                    .filter(p -> flow(true, p.getKey()).total < required)
                    .map(Map.Entry::getValue)
                    .toList();
            return new Result(Verdict.SATISFIABLE, "", essential);
        }
        Flow hopeful = flow(true, null);
        if (hopeful.total >= required) {
            Set<String> groups = new LinkedHashSet<>();
            roles.forEach(r -> groups.addAll(r.groups()));
            return new Result(
                    Verdict.DEPENDS_ON_GROUPS,
                    (people.isEmpty()
                                    ? "its roles list no users"
                                    : "its listed users (" + String.join(", ", people.values())
                                            + ") cannot fill it alone")
                            + ", so whether enough distinct people can depends on who is in group(s) "
                            + String.join(", ", groups)
                            + ", which only Jenkins knows",
                    List.of());
        }
        return new Result(Verdict.UNSATISFIABLE, hopeful.shortfall(), List.of());
    }

    /**
     * The maximum flow; with {@code groups}, a role that has groups may also draw on unlimited new people.
     * {@code without} leaves one listed person out.
     */
    private Flow flow(boolean groups, String without) {
        List<String> keys = new ArrayList<>(people.keySet());
        int r = needs.size();
        int p = keys.size();
        int source = 0;
        int newcomers = 1 + r + p;
        int sink = newcomers + 1;
        int[][] capacity = new int[sink + 1][sink + 1];
        for (int i = 0; i < r; i++) {
            capacity[source][1 + i] = needs.get(i).count();
            for (String u : roles.get(i).users()) {
                capacity[1 + i][1 + r + keys.indexOf(key(u))] = 1;
            }
            if (groups && !roles.get(i).groups().isEmpty()) {
                capacity[1 + i][newcomers] = UNBOUNDED;
            }
        }
        for (int j = 0; j < p; j++) {
            capacity[1 + r + j][sink] = keys.get(j).equals(without) ? 0 : distinct ? 1 : r;
        }
        capacity[newcomers][sink] = UNBOUNDED;
        return new Flow(capacity, source, sink).run();
    }

    /** Edmonds-Karp on a small dense graph; sign-offs have a handful of roles and people. */
    private final class Flow {
        final int[][] residual;
        final int source;
        final int sink;
        int total;

        Flow(int[][] capacity, int source, int sink) {
            this.residual = capacity;
            this.source = source;
            this.sink = sink;
        }

        Flow run() {
            int[] parent;
            while ((parent = path()) != null) {
                int push = UNBOUNDED;
                for (int v = sink; v != source; v = parent[v]) {
                    push = Math.min(push, residual[parent[v]][v]);
                }
                for (int v = sink; v != source; v = parent[v]) {
                    residual[parent[v]][v] -= push;
                    residual[v][parent[v]] += push;
                }
                total += push;
            }
            return this;
        }

        /** Breadth-first search for an augmenting path; the parents of each node reached, or null. */
        private int[] path() {
            int[] parent = reach();
            return parent[sink] >= 0 ? parent : null;
        }

        private int[] reach() {
            int[] parent = new int[residual.length];
            Arrays.fill(parent, -1);
            parent[source] = source;
            ArrayDeque<Integer> queue = new ArrayDeque<>(List.of(source));
            while (!queue.isEmpty()) {
                int u = queue.poll();
                for (int v = 0; v < residual.length; v++) {
                    if (parent[v] < 0 && residual[u][v] > 0) {
                        parent[v] = u;
                        queue.add(v);
                    }
                }
            }
            return parent;
        }

        /**
         * After the maximum flow, the roles still reachable from the source form a set whose members are too few
         * for its counts (the minimum cut): "roles cto, ciso need 2 distinct people; only alice can fill them".
         */
        String shortfall() {
            int[] reached = reach();
            List<Need> shortRoles = new ArrayList<>();
            Set<String> who = new LinkedHashSet<>();
            for (int i = 0; i < needs.size(); i++) {
                if (reached[1 + i] >= 0) {
                    shortRoles.add(needs.get(i));
                    roles.get(i).users().forEach(u -> who.add(people.get(key(u))));
                }
            }
            if (!distinct) { // roles do not compete for people: one of them alone is short
                for (int i = 0; i < shortRoles.size(); i++) {
                    Need n = shortRoles.get(i);
                    Set<String> members = new LinkedHashSet<>();
                    roles.get(needs.indexOf(n)).users().forEach(u -> members.add(people.get(key(u))));
                    if (members.size() < n.count()) {
                        shortRoles = List.of(n);
                        who.clear();
                        who.addAll(members);
                        break;
                    }
                }
            }
            int count = shortRoles.stream().mapToInt(Need::count).sum();
            String names = String.join(", ", shortRoles.stream().map(Need::role).toList());
            String members = who.isEmpty()
                    ? "nobody is listed"
                    : "only " + who.size() + " listed " + (who.size() == 1 ? "person" : "people") + " can: "
                            + String.join(", ", who);
            if (shortRoles.size() == 1) {
                return "role " + names + " needs " + count + " distinct approver(s), but " + members
                        + " (and it has no groups)";
            }
            return "roles " + names + " need " + count + " distinct people in all (one person fills one role), but "
                    + members + " (and none of these roles has groups)";
        }
    }
}
