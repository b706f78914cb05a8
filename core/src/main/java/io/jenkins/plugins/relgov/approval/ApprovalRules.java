package io.jenkins.plugins.relgov.approval;

import io.jenkins.plugins.relgov.policy.ApprovalRule;
import io.jenkins.plugins.relgov.policy.Policy;
import io.jenkins.plugins.relgov.policy.PostHocReview;
import io.jenkins.plugins.relgov.policy.Role;
import io.jenkins.plugins.relgov.policy.SegregationOfDuties;
import io.jenkins.plugins.relgov.policy.SegregationOfDuties.AdminPower;
import io.jenkins.plugins.relgov.policy.Tier;
import io.jenkins.plugins.relgov.policy.TierKind;
import java.io.Serializable;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The rules a request was opened under, copied from the policy (and its role membership) when the
 * request opened. The log carries them, so replaying it never depends on a policy edited since.
 *
 * @param quotas               every quota must be met, in this order when {@code ordered}
 * @param ordered              a role may approve only once every earlier role is complete
 * @param timeout              how long the request stays open (null: no timeout)
 * @param members              membership of every role the request names (quotas and reviews)
 * @param excludeTriggerer     the build's triggerer cannot approve
 * @param excludeCommitAuthors the release's commit authors cannot approve
 * @param distinctApprovers    one person fills at most one role (nobody ever counts twice for one role)
 * @param administrators       whether administrators may break glass
 * @param breakGlassReview     the review a break-glass approval must get (required with break-glass)
 * @param afterRelease         the tier's own post-hoc review, opened when the request is approved
 * @param refuseReplay         a build started by Replay cannot be approved
 * @param matcher              how user ids and groups are compared
 */
public record ApprovalRules(
        List<RoleQuota> quotas,
        boolean ordered,
        Duration timeout,
        Map<String, Members> members,
        boolean excludeTriggerer,
        boolean excludeCommitAuthors,
        boolean distinctApprovers,
        AdminPower administrators,
        ReviewRule breakGlassReview,
        ReviewRule afterRelease,
        boolean refuseReplay,
        MembershipMatcher matcher)
        implements Serializable {

    public ApprovalRules {
        quotas = List.copyOf(quotas == null ? List.of() : quotas);
        members = Collections.unmodifiableMap(new LinkedHashMap<>(members == null ? Map.of() : members));
        administrators = administrators == null ? AdminPower.NONE : administrators;
        matcher = matcher == null ? MembershipMatcher.DEFAULT : matcher;
        validate(quotas, members, timeout, administrators, breakGlassReview, afterRelease);
    }

    /** The same rules with another deadline (a pipeline may shorten the policy's, never extend it: the host checks). */
    public ApprovalRules withTimeout(Duration newTimeout) {
        return new ApprovalRules(
                quotas,
                ordered,
                newTimeout,
                members,
                excludeTriggerer,
                excludeCommitAuthors,
                distinctApprovers,
                administrators,
                breakGlassReview,
                afterRelease,
                refuseReplay,
                matcher);
    }

    /**
     * The rules of {@code tier} in {@code policy}.
     *
     * @throws IllegalArgumentException naming the policy, tier and role when the rules are unusable
     */
    public static ApprovalRules from(Policy policy, TierKind tier, MembershipMatcher matcher) {
        String where = "policy '" + policy.name() + "' tier '" + tier.id() + "'";
        Tier t = policy.tier(tier)
                .orElseThrow(() ->
                        new IllegalArgumentException("policy '" + policy.name() + "' has no tier '" + tier.id() + "'"));
        SegregationOfDuties sod = policy.segregation();
        List<RoleQuota> quotas = new ArrayList<>();
        Map<String, Members> members = new LinkedHashMap<>();
        for (ApprovalRule rule : t.approvals()) {
            quotas.add(new RoleQuota(rule.role(), rule.count()));
            members.put(rule.role(), membersOf(policy, where, rule.role()));
        }
        ReviewRule afterRelease = review(policy, where, t.postHocReview(), members);
        ReviewRule breakGlass = sod.administrators() == AdminPower.BREAK_GLASS
                ? review(policy, where + " break-glass review", sod.breakGlassReview(), members)
                : null;
        try {
            return new ApprovalRules(
                    quotas,
                    t.ordered(),
                    t.approvalTimeout(),
                    members,
                    sod.excludeTriggerer(),
                    sod.excludeCommitAuthors(),
                    sod.distinctApprovers(),
                    sod.administrators(),
                    breakGlass,
                    afterRelease,
                    sod.refuseReplay(),
                    matcher);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(where + ": " + e.getMessage(), e);
        }
    }

    /** The quota of {@code role}, or null when the request does not require it. */
    public RoleQuota quota(String role) {
        for (RoleQuota q : quotas) {
            if (q.role().equals(role)) {
                return q;
            }
        }
        return null;
    }

    private static ReviewRule review(Policy policy, String where, PostHocReview review, Map<String, Members> members) {
        if (review == null) {
            return null;
        }
        for (String role : review.roles()) {
            members.putIfAbsent(role, membersOf(policy, where, role));
        }
        return new ReviewRule(review.roles(), review.within());
    }

    private static Members membersOf(Policy policy, String where, String roleName) {
        Role role = policy.role(roleName)
                .orElseThrow(() -> new IllegalArgumentException(
                        where + " names role '" + roleName + "', which the policy does not define (roles: "
                                + String.join(", ", policy.roles().keySet()) + ")"));
        return new Members(role.users(), role.groups());
    }

    private static void validate(
            List<RoleQuota> quotas,
            Map<String, Members> members,
            Duration timeout,
            AdminPower administrators,
            ReviewRule breakGlassReview,
            ReviewRule afterRelease) {
        Set<String> seen = new HashSet<>();
        for (RoleQuota q : quotas) {
            if (!seen.add(q.role())) {
                throw new IllegalArgumentException("role '" + q.role() + "' has two quotas; give it one count");
            }
            if (q.count() < 1) {
                throw new IllegalArgumentException(
                        "role '" + q.role() + "' needs a count of at least 1, not " + q.count());
            }
            Members m = members.get(q.role());
            if (m == null) {
                throw new IllegalArgumentException("role '" + q.role() + "' has no membership");
            }
            if (m.groups().isEmpty() && m.users().size() < q.count()) {
                throw new IllegalArgumentException(
                        "role '" + q.role() + "' needs " + q.count() + " approvers but lists only "
                                + m.users().size() + " user(s) and no group: it can never be met");
            }
        }
        if (timeout != null && (timeout.isZero() || timeout.isNegative())) {
            throw new IllegalArgumentException("the approval timeout must be positive, not " + timeout);
        }
        if (administrators == AdminPower.BREAK_GLASS && breakGlassReview == null) {
            throw new IllegalArgumentException("administrators may break glass but no breakGlassReview is set: "
                    + "a break-glass approval must be reviewed afterwards");
        }
        for (ReviewRule r : new ReviewRule[] {breakGlassReview, afterRelease}) {
            if (r == null) {
                continue;
            }
            if (r.roles().isEmpty()
                    || r.within() == null
                    || r.within().isZero()
                    || r.within().isNegative()) {
                throw new IllegalArgumentException("a post-hoc review needs at least one role and a positive deadline");
            }
            for (String role : r.roles()) {
                if (!members.containsKey(role)) {
                    throw new IllegalArgumentException("review role '" + role + "' has no membership");
                }
            }
        }
    }
}
