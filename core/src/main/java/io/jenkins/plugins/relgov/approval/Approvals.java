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
import io.jenkins.plugins.relgov.policy.Policy;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The approval engine. Each call reads a state and answers with the events to append; nothing is
 * mutated, so a host can persist the events and fold them again after a restart.
 */
public final class Approvals {
    private Approvals() {}

    /** Opens a request for {@code spec.tier()} under {@code policy}'s rules. */
    public static Outcome open(Policy policy, RequestSpec spec, MembershipMatcher matcher, Clock clock) {
        return open(ApprovalRules.from(policy, spec.tier(), matcher), spec, clock);
    }

    /** Opens a request under explicit rules (the policy's, possibly with the host's role mapping merged in). */
    public static Outcome open(ApprovalRules rules, RequestSpec spec, Clock clock) {
        Instant now = clock.instant();
        Instant deadline = rules.timeout() == null ? null : now.plus(rules.timeout());
        List<ApprovalEvent> events = List.of(new Opened(now, spec, rules, deadline));
        ApprovalState state = ApprovalState.fold(events);
        String message = state.status() == ApprovalStatus.OPEN
                ? "approval requested: " + describe(state.missing())
                : state.status().name().toLowerCase(java.util.Locale.ROOT) + " at once: "
                        + state.settlement().orElseThrow().reason();
        return new Outcome(events, true, message, state);
    }

    /**
     * Decides on a decision. A refused decision is answered with a {@code Refused} event (the attempt
     * and its reason, for auditors) and {@code accepted == false}. A decision arriving at or after the
     * deadline first times the request out.
     */
    public static Outcome decide(ApprovalState state, Decision decision, Clock clock) {
        Instant now = clock.instant();
        List<ApprovalEvent> events = new ArrayList<>(2);
        ApprovalState current = state;
        if (decision.action() != Decision.Action.REVIEW && state.expired(now)) {
            events.add(new TimedOut(now));
            current = state.then(events);
        }
        Identity who = decision.identity();
        Verdict v = verdict(current.tally(), decision);
        if (!v.accepted()) {
            events.add(new Refused(now, who.userId(), decision.action(), decision.role(), v.reason(), v.message()));
            return new Outcome(events, false, v.message(), state.then(events));
        }
        ApprovalEvent event =
                switch (decision.action()) {
                    case APPROVE -> new Approved(now, who.userId(), v.role(), v.via(), decision.comment());
                    case REJECT -> new Rejected(now, who.userId(), v.via(), decision.comment());
                    case BREAK_GLASS -> new BreakGlass(now, who.userId(), decision.comment());
                    case REVIEW ->
                        new ReviewCompleted(now, v.review(), v.role(), who.userId(), v.via(), decision.comment());
                };
        events.add(event);
        ApprovalState after = state.then(events);
        return new Outcome(events, true, message(event, after, now), after);
    }

    /**
     * Would {@code decision} be accepted now? A cheap dry run for pages that show or hide buttons and
     * for inboxes: nothing is recorded and no state is built.
     */
    public static Check check(ApprovalState state, Decision decision, Clock clock) {
        if (decision.action() != Decision.Action.REVIEW && state.expired(clock.instant())) {
            return new Check(null, RefusalReason.TIMED_OUT, "the request timed out at " + state.deadline());
        }
        Verdict v = verdict(state.tally(), decision);
        return new Check(v.role(), v.reason(), v.message());
    }

    private static Verdict verdict(Tally t, Decision decision) {
        Identity who = decision.identity();
        return switch (decision.action()) {
            case APPROVE -> t.approval(who, decision.role());
            case REJECT -> t.rejection(who, decision.comment());
            case BREAK_GLASS -> t.breakGlass(who, decision.comment());
            case REVIEW -> t.review(who, decision.role());
        };
    }

    /** Times the request out if it is open past its deadline; otherwise answers with no events. */
    public static Outcome expire(ApprovalState state, Clock clock) {
        Instant now = clock.instant();
        if (!state.expired(now)) {
            return new Outcome(
                    List.of(),
                    false,
                    "not timed out: " + state.status()
                            + (state.deadline() == null ? ", no deadline" : ", deadline " + state.deadline()),
                    state);
        }
        List<ApprovalEvent> events = List.of(new TimedOut(now));
        return new Outcome(events, true, "timed out: no decision by " + state.deadline(), state.then(events));
    }

    /** Withdraws an open request (the build was aborted); {@code userId} null when no user did. */
    public static Outcome cancel(ApprovalState state, String userId, String reason, Clock clock) {
        if (state.status() != ApprovalStatus.OPEN) {
            return new Outcome(List.of(), false, "not cancelled: the request is already " + state.status(), state);
        }
        List<ApprovalEvent> events = List.of(new Cancelled(clock.instant(), userId, reason));
        return new Outcome(events, true, "cancelled" + (reason == null ? "" : ": " + reason), state.then(events));
    }

    /**
     * Ends an open request because a newer build, {@code by} ("shop#9"), asks to release to the same environment:
     * nobody should sign off a release that is no longer the one going out.
     */
    public static Outcome supersede(ApprovalState state, String by, Clock clock) {
        if (state.status() != ApprovalStatus.OPEN) {
            return new Outcome(List.of(), false, "not superseded: the request is already " + state.status(), state);
        }
        List<ApprovalEvent> events = List.of(new Superseded(clock.instant(), by));
        return new Outcome(events, true, "superseded by " + by, state.then(events));
    }

    private static String message(ApprovalEvent event, ApprovalState after, Instant now) {
        if (event instanceof Approved a) {
            return a.userId() + " approved as " + a.role() + " (" + a.via() + "); "
                    + (after.status() == ApprovalStatus.APPROVED
                            ? "the request is approved"
                            : describe(after.missing()));
        }
        if (event instanceof Rejected r) {
            return r.userId() + " rejected the release: " + r.reason();
        }
        if (event instanceof BreakGlass b) {
            return b.userId() + " broke glass: " + b.reason() + "; review due by "
                    + after.reviews().get(after.reviews().size() - 1).deadline();
        }
        if (event instanceof ReviewCompleted rc) {
            Review r = after.reviews().stream()
                    .filter(x -> x.kind() == rc.review() && x.signoffs().contains(rc))
                    .findFirst()
                    .orElseThrow();
            return rc.userId() + " reviewed as " + rc.role() + "; "
                    + (r.complete()
                            ? "review " + r.status(now).name().toLowerCase(java.util.Locale.ROOT)
                            : "review still needs " + r.missingRoles());
        }
        return event.toString();
    }

    private static String describe(List<Missing> missing) {
        return "still missing " + missing;
    }
}
