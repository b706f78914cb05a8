package io.jenkins.plugins.relgov.approval;

import io.jenkins.plugins.relgov.approval.ApprovalEvent.Approved;
import io.jenkins.plugins.relgov.approval.ApprovalEvent.BreakGlass;
import io.jenkins.plugins.relgov.approval.ApprovalEvent.Cancelled;
import io.jenkins.plugins.relgov.approval.ApprovalEvent.Opened;
import io.jenkins.plugins.relgov.approval.ApprovalEvent.Refused;
import io.jenkins.plugins.relgov.approval.ApprovalEvent.Rejected;
import io.jenkins.plugins.relgov.approval.ApprovalEvent.ReviewCompleted;
import io.jenkins.plugins.relgov.approval.ApprovalEvent.Superseded;
import io.jenkins.plugins.relgov.approval.ApprovalEvent.TimedOut;
import io.jenkins.plugins.relgov.policy.SegregationOfDuties.AdminPower;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The fold's working state, and the one place the approval rules live: the engine asks it whether an
 * attempt counts, and the fold asks it again for every recorded event, so a log that breaks a rule
 * (edited, reordered, truncated) fails to fold with the event named. Never mutated once an
 * {@link ApprovalState} holds it; {@link #copy()} starts the next one.
 */
final class Tally {
    final List<ApprovalEvent> events = new ArrayList<>();
    Opened opened;
    Directory directory;
    ApprovalStatus status;
    Settlement settlement;
    BreakGlass breakGlass;
    final List<Approved> approvals = new ArrayList<>();
    final Map<String, Integer> counted = new HashMap<>();
    ApproverIndex rolesByApprover = new ApproverIndex();
    final List<Refused> refusals = new ArrayList<>();
    final List<Review> reviews = new ArrayList<>();

    Tally copy() {
        Tally t = new Tally();
        t.events.addAll(events);
        t.opened = opened;
        t.directory = directory;
        t.status = status;
        t.settlement = settlement;
        t.breakGlass = breakGlass;
        t.approvals.addAll(approvals);
        t.counted.putAll(counted);
        t.rolesByApprover = rolesByApprover.copy();
        t.refusals.addAll(refusals);
        t.reviews.addAll(reviews);
        return t;
    }

    ApprovalRules rules() {
        return opened.rules();
    }

    RequestSpec spec() {
        return opened.spec();
    }

    int counted(String role) {
        return counted.getOrDefault(role, 0);
    }

    boolean complete(RoleQuota q) {
        return counted(q.role()) >= q.count();
    }

    // ---- the rules ---------------------------------------------------------------------------

    Verdict approval(Identity who, String named) {
        if (status != ApprovalStatus.OPEN) {
            return settled();
        }
        ApprovalRules rules = rules();
        List<RoleQuota> eligible = new ArrayList<>();
        Map<String, String> via = new HashMap<>();
        Set<String> candidates = directory.rolesOf(who);
        for (RoleQuota q : rules.quotas()) {
            if (candidates.contains(q.role())) {
                rules.members().get(q.role()).via(who, rules.matcher()).ifPresent(v -> {
                    eligible.add(q);
                    via.put(q.role(), v);
                });
            }
        }
        if (named != null && rules.quota(named) == null) {
            return Verdict.no(
                    RefusalReason.UNKNOWN_ROLE,
                    "this request does not require role '" + named + "'; it requires " + roleNames(rules.quotas()));
        }
        if (named != null ? !via.containsKey(named) : eligible.isEmpty()) {
            return Verdict.no(
                    RefusalReason.NOT_A_MEMBER,
                    who.userId() + " is not a member of "
                            + (named != null
                                    ? "role '" + named + "'"
                                    : "any role this request requires (" + roleNames(rules.quotas()) + ")"));
        }
        Verdict excluded = excluded(who);
        if (excluded != null) {
            return excluded;
        }
        Set<String> mine = rolesByApprover.rolesOf(rules.matcher().userKey(who.userId()));
        if (rules.distinctApprovers() && !mine.isEmpty()) {
            return Verdict.no(
                    RefusalReason.ALREADY_APPROVED,
                    who.userId() + " already approved as " + inPolicyOrder(mine)
                            + "; one person cannot fill two roles");
        }
        RoleQuota chosen = null;
        if (named != null) {
            chosen = rules.quota(named);
            if (mine.contains(named)) {
                return Verdict.no(
                        RefusalReason.ALREADY_APPROVED,
                        who.userId() + " already approved as " + named + "; nobody counts twice for one role");
            }
            if (complete(chosen)) {
                return Verdict.no(
                        RefusalReason.ROLE_COMPLETE,
                        "role '" + named + "' already has its " + chosen.count() + " approval(s)");
            }
        } else {
            for (RoleQuota q : eligible) {
                if (!mine.contains(q.role()) && !complete(q)) {
                    chosen = q;
                    break;
                }
            }
            if (chosen == null) {
                return eligible.stream().allMatch(q -> mine.contains(q.role()))
                        ? Verdict.no(
                                RefusalReason.ALREADY_APPROVED,
                                who.userId() + " already approved as " + inPolicyOrder(mine)
                                        + "; nobody counts twice for one role")
                        : Verdict.no(
                                RefusalReason.ROLE_COMPLETE,
                                "every role " + who.userId() + " can fill (" + roleNames(eligible)
                                        + ") already has its approvals");
            }
        }
        if (rules.ordered()) {
            for (RoleQuota earlier : rules.quotas()) {
                if (earlier == chosen) {
                    break;
                }
                if (!complete(earlier)) {
                    return Verdict.no(
                            RefusalReason.OUT_OF_ORDER,
                            "role '" + chosen.role() + "' approves after '"
                                    + earlier.role() + "', which still needs "
                                    + (earlier.count() - counted(earlier.role()))
                                    + " approval(s); the policy requires the order " + roleNames(rules.quotas()));
                }
            }
        }
        return Verdict.ok(chosen.role(), via.get(chosen.role()));
    }

    Verdict rejection(Identity who, String reason) {
        if (status != ApprovalStatus.OPEN) {
            return settled();
        }
        ApprovalRules rules = rules();
        Set<String> candidates = directory.rolesOf(who);
        for (RoleQuota q : rules.quotas()) {
            Optional<String> via = candidates.contains(q.role())
                    ? rules.members().get(q.role()).via(who, rules.matcher())
                    : Optional.empty();
            if (via.isPresent()) {
                return reason == null || reason.isBlank()
                        ? Verdict.no(RefusalReason.MISSING_REASON, "a rejection needs a reason")
                        : Verdict.ok(q.role(), via.get());
            }
        }
        return Verdict.no(
                RefusalReason.NOT_A_MEMBER,
                who.userId() + " is not a member of any role this request requires (" + roleNames(rules.quotas())
                        + ") and cannot reject it");
    }

    Verdict breakGlass(Identity who, String reason) {
        if (status != ApprovalStatus.OPEN) {
            return settled();
        }
        if (rules().administrators() != AdminPower.BREAK_GLASS) {
            return Verdict.no(RefusalReason.NO_BREAK_GLASS, "the policy gives administrators no break-glass power");
        }
        if (!who.administrator()) {
            return Verdict.no(RefusalReason.NOT_ADMINISTRATOR, who.userId() + " is not an administrator");
        }
        if (reason == null || reason.isBlank()) {
            return Verdict.no(RefusalReason.MISSING_REASON, "break-glass needs a reason");
        }
        return Verdict.ok(null, null);
    }

    Verdict review(Identity who, String named) {
        List<Review> open = reviews.stream().filter(r -> !r.complete()).toList();
        if (open.isEmpty()) {
            return Verdict.no(RefusalReason.NO_OPEN_REVIEW, "no post-hoc review is open for this release");
        }
        ApprovalRules rules = rules();
        String key = rules.matcher().userKey(who.userId());
        if (breakGlass != null && rules.matcher().userKey(breakGlass.userId()).equals(key)) {
            return Verdict.no(
                    RefusalReason.OWN_BREAK_GLASS, who.userId() + " broke glass on this release and cannot review it");
        }
        Verdict excluded = excluded(who);
        if (excluded != null) {
            return excluded;
        }
        boolean roleKnown = named == null;
        boolean member = false;
        for (Review r : open) {
            roleKnown |= named != null && r.roles().contains(named);
            boolean signedThis = r.signoffs().stream()
                    .anyMatch(s -> rules.matcher().userKey(s.userId()).equals(key));
            for (String role : r.missingRoles()) {
                if (named != null && !named.equals(role)) {
                    continue;
                }
                Optional<String> via = rules.members().get(role).via(who, rules.matcher());
                if (via.isPresent()) {
                    member = true;
                    if (!(signedThis && rules.distinctApprovers())) {
                        return Verdict.ok(r.kind(), role, via.get());
                    }
                }
            }
        }
        if (!roleKnown) {
            return Verdict.no(RefusalReason.UNKNOWN_ROLE, "no open review needs role '" + named + "'");
        }
        return member
                ? Verdict.no(
                        RefusalReason.ALREADY_APPROVED,
                        who.userId() + " already signed this review; one person cannot fill two roles")
                : Verdict.no(
                        RefusalReason.NOT_A_MEMBER,
                        who.userId() + " is not a member of a role the open review still needs");
    }

    private Verdict excluded(Identity who) {
        ApprovalRules rules = rules();
        String key = rules.matcher().userKey(who.userId());
        String triggerer = spec().triggerer();
        if (rules.excludeTriggerer()
                && triggerer != null
                && rules.matcher().userKey(triggerer).equals(key)) {
            return Verdict.no(RefusalReason.TRIGGERER, who.userId() + " started this build and cannot approve it");
        }
        if (rules.excludeCommitAuthors()
                && spec().commitAuthors().stream()
                        .anyMatch(a -> rules.matcher().userKey(a).equals(key))) {
            return Verdict.no(
                    RefusalReason.COMMIT_AUTHOR,
                    who.userId() + " authored commits in this release and cannot approve it");
        }
        return null;
    }

    private Verdict settled() {
        if (status == ApprovalStatus.TIMED_OUT) {
            return Verdict.no(RefusalReason.TIMED_OUT, "the request timed out at " + settlement.at());
        }
        return Verdict.no(
                RefusalReason.SETTLED,
                "the request is already "
                        + status.name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ') + " ("
                        + settlement.reason() + ")");
    }

    private String inPolicyOrder(Set<String> roles) {
        return String.join(
                ", ",
                rules().quotas().stream()
                        .map(RoleQuota::role)
                        .filter(roles::contains)
                        .toList());
    }

    /** Role names, with arrows when the order matters. */
    String roleNames(List<RoleQuota> quotas) {
        return String.join(
                rules().ordered() ? " → " : ", ",
                quotas.stream().map(RoleQuota::role).toList());
    }

    // ---- the fold ----------------------------------------------------------------------------

    /** Applies one recorded event, after checking it against the rules. */
    void apply(ApprovalEvent event) {
        int index = events.size();
        try {
            check(event);
            if (!events.isEmpty() && event.at().isBefore(events.get(index - 1).at())) {
                throw new IllegalArgumentException("it is dated before the event before it ("
                        + events.get(index - 1).at() + ")");
            }
            if (isDecision(event)
                    && status == ApprovalStatus.OPEN
                    && opened.deadline() != null
                    && !event.at().isBefore(opened.deadline())) {
                // the engine times a request out before it takes a late decision: the timed-out event was removed
                throw new IllegalArgumentException("it is dated at or after the deadline " + opened.deadline()
                        + ", when the request had timed out");
            }
            if (event instanceof Opened o) {
                open(o);
            } else if (event instanceof Approved a) {
                approve(a);
            } else if (event instanceof Rejected r) {
                require(rejection(claimed(r.userId(), r.via()), r.reason()), r.via(), null);
                settle(ApprovalStatus.REJECTED, r.at(), r.userId(), r.reason());
            } else if (event instanceof Refused r) {
                refusals.add(r);
            } else if (event instanceof BreakGlass b) {
                require(breakGlass(Identity.admin(b.userId()), b.reason()), null, null);
                breakGlass = b;
                settle(ApprovalStatus.APPROVED, b.at(), b.userId(), "break-glass: " + b.reason());
                reviews.add(new Review(
                        Review.Kind.BREAK_GLASS,
                        rules().breakGlassReview().roles(),
                        b.at(),
                        b.at().plus(rules().breakGlassReview().within()),
                        List.of()));
            } else if (event instanceof TimedOut t) {
                if (status != ApprovalStatus.OPEN || opened.deadline() == null || t.at().isBefore(opened.deadline())) {
                    throw new IllegalArgumentException("the request was not open past a deadline");
                }
                settle(ApprovalStatus.TIMED_OUT, t.at(), null, "no decision by " + opened.deadline());
            } else if (event instanceof Cancelled c) {
                if (status != ApprovalStatus.OPEN) {
                    throw new IllegalArgumentException("the request was not open");
                }
                settle(ApprovalStatus.CANCELLED, c.at(), c.userId(), c.reason());
            } else if (event instanceof Superseded s) {
                if (status != ApprovalStatus.OPEN) {
                    throw new IllegalArgumentException("the request was not open");
                }
                settle(ApprovalStatus.SUPERSEDED, s.at(), null, "superseded by " + s.by());
            } else if (event instanceof ReviewCompleted rc) {
                signOff(rc);
            }
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new IllegalArgumentException(
                    "approval event #" + (index + 1) + " (" + name(event) + " at " + (event == null ? null : event.at())
                            + "): " + e.getMessage(),
                    e);
        }
        events.add(event);
    }

    private void check(ApprovalEvent event) {
        if (event == null || event.at() == null) {
            throw new IllegalArgumentException("an event needs a time");
        }
        if (event instanceof Opened o && (o.spec() == null || o.rules() == null)) {
            throw new IllegalArgumentException("the opening event needs the request's spec and rules");
        }
        if ((opened == null) != (event instanceof Opened)) {
            throw new IllegalArgumentException(
                    opened == null
                            ? "the log must start with the request being opened"
                            : "the request was already opened");
        }
    }

    private void open(Opened o) {
        opened = o;
        directory = new Directory(o.rules());
        status = ApprovalStatus.OPEN;
        RequestSpec spec = o.spec();
        if (spec.replayed() && o.rules().refuseReplay()) {
            settle(
                    ApprovalStatus.REJECTED,
                    o.at(),
                    null,
                    "the build was started by Replay and the policy refuses to approve replayed builds");
        } else if (o.rules().quotas().isEmpty()) {
            settle(ApprovalStatus.APPROVED, o.at(), null, "tier '" + spec.tier().id() + "' requires no approval");
        }
    }

    private void approve(Approved a) {
        require(approval(claimed(a.userId(), a.via()), a.role()), a.via(), a.role());
        approvals.add(a);
        counted.merge(a.role(), 1, Integer::sum);
        rolesByApprover.add(rules().matcher().userKey(a.userId()), a.role());
        if (rules().quotas().stream().allMatch(this::complete)) {
            settle(
                    ApprovalStatus.APPROVED,
                    a.at(),
                    null,
                    "every required approval given (" + roleNames(rules().quotas()) + ")");
        }
    }

    private void signOff(ReviewCompleted rc) {
        Verdict v = require(review(claimed(rc.userId(), rc.via()), rc.role()), rc.via(), rc.role());
        if (v.review() != rc.review()) {
            throw new IllegalArgumentException(
                    "it signs the " + rc.review() + " review but the open one is " + v.review());
        }
        for (int i = 0; i < reviews.size(); i++) {
            if (reviews.get(i).kind() == rc.review() && !reviews.get(i).complete()) {
                reviews.set(i, reviews.get(i).with(rc));
                return;
            }
        }
    }

    private void settle(ApprovalStatus to, Instant at, String by, String reason) {
        status = to;
        settlement = new Settlement(to, at, by, reason);
        ReviewRule after = rules().afterRelease();
        if (to == ApprovalStatus.APPROVED && after != null) {
            reviews.add(new Review(Review.Kind.AFTER_RELEASE, after.roles(), at, at.plus(after.within()), List.of()));
        }
    }

    /** The identity an event claims: its user, in the group its {@code via} names. */
    private static Identity claimed(String userId, String via) {
        if (via != null && via.startsWith("group:")) {
            return new Identity(userId, Set.of(via.substring("group:".length())), false);
        }
        return new Identity(userId, Set.of(), false);
    }

    private Verdict require(Verdict v, String via, String role) {
        if (!v.accepted()) {
            throw new IllegalArgumentException("the rules refuse it: " + v.message());
        }
        if (via != null && !via.equals(v.via())) {
            throw new IllegalArgumentException("it claims membership " + via + " but the rules give " + v.via());
        }
        if (role != null && !role.equals(v.role())) {
            throw new IllegalArgumentException("it counts for " + role + " but the rules give " + v.role());
        }
        return v;
    }

    private static boolean isDecision(ApprovalEvent e) {
        return e instanceof Approved || e instanceof Rejected || e instanceof BreakGlass;
    }

    private static String name(ApprovalEvent e) {
        return e == null ? "null" : e.getClass().getSimpleName();
    }
}
