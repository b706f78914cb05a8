package io.jenkins.plugins.relgov.approval;

import io.jenkins.plugins.relgov.approval.ApprovalEvent.Approved;
import io.jenkins.plugins.relgov.approval.ApprovalEvent.BreakGlass;
import io.jenkins.plugins.relgov.approval.ApprovalEvent.Refused;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

/**
 * The current state of one approval request: a pure fold of its event log. Immutable; the same log
 * always folds to the same state, which is how a host rebuilds it after a restart.
 */
public final class ApprovalState {
    private final Tally tally;

    private ApprovalState(Tally tally) {
        this.tally = tally;
    }

    /**
     * Folds a log, checking every event against the rules the request opened under.
     *
     * @throws IllegalArgumentException naming the first event (by position, kind and time) that the
     *                                  rules would not have produced
     */
    public static ApprovalState fold(List<? extends ApprovalEvent> events) {
        if (events.isEmpty()) {
            throw new IllegalArgumentException("an approval log needs at least the event that opened the request");
        }
        Tally t = new Tally();
        events.forEach(t::apply);
        return new ApprovalState(t);
    }

    /** This state with {@code more} events applied (the log grows; this state is unchanged). */
    public ApprovalState then(List<? extends ApprovalEvent> more) {
        if (more.isEmpty()) {
            return this;
        }
        Tally t = tally.copy();
        more.forEach(t::apply);
        return new ApprovalState(t);
    }

    /** The whole log, oldest first: what a host persists. */
    public List<ApprovalEvent> events() {
        return Collections.unmodifiableList(tally.events);
    }

    public RequestSpec spec() {
        return tally.spec();
    }

    public ApprovalRules rules() {
        return tally.rules();
    }

    public Instant openedAt() {
        return tally.opened.at();
    }

    /** When the request times out, or null when it never does. */
    public Instant deadline() {
        return tally.opened.deadline();
    }

    public ApprovalStatus status() {
        return tally.status;
    }

    /** How the request was settled, empty while it is open. */
    public Optional<Settlement> settlement() {
        return Optional.ofNullable(tally.settlement);
    }

    /** True while open with its deadline reached: the host should call {@link Approvals#expire}. */
    public boolean expired(Instant now) {
        return status() == ApprovalStatus.OPEN && deadline() != null && !now.isBefore(deadline());
    }

    /** Each required role still short of its count, with how many more it needs, in policy order. */
    public List<Missing> missing() {
        List<Missing> missing = new ArrayList<>();
        for (RoleQuota q : rules().quotas()) {
            int need = q.count() - tally.counted(q.role());
            if (need > 0) {
                missing.add(new Missing(q.role(), need));
            }
        }
        return missing;
    }

    /** Who approved, for which role, through which membership, when, in order. */
    public List<Approved> approvals() {
        return Collections.unmodifiableList(tally.approvals);
    }

    /** Every refused attempt, with its reason, in order. */
    public List<Refused> refusals() {
        return Collections.unmodifiableList(tally.refusals);
    }

    /** The post-hoc reviews due, open or done; see {@link Review#status(Instant)}. */
    public List<Review> reviews() {
        return Collections.unmodifiableList(tally.reviews);
    }

    /** The reviews past their deadline and still incomplete. */
    public List<Review> overdueReviews(Instant now) {
        return tally.reviews.stream().filter(r -> r.overdue(now)).toList();
    }

    public Optional<BreakGlass> breakGlass() {
        return Optional.ofNullable(tally.breakGlass);
    }

    Tally tally() {
        return tally;
    }

    /** A plain-text account for logs and consoles: status, what is missing, who did what. */
    public String describe(Instant now) {
        StringBuilder b = new StringBuilder();
        RequestSpec s = spec();
        b.append("Approval of ")
                .append(s.releaseVersion())
                .append(" (")
                .append(s.tier().id())
                .append(") to ")
                .append(s.environment())
                .append(" under policy ")
                .append(s.policyName())
                .append(": ")
                .append(status());
        settlement()
                .ifPresent(st -> b.append(" at ")
                        .append(st.at())
                        .append(st.by() == null ? "" : " by " + st.by())
                        .append(" (")
                        .append(st.reason())
                        .append(')'));
        b.append('\n');
        if (status() == ApprovalStatus.OPEN) {
            b.append("  missing: ")
                    .append(missing().isEmpty() ? "nothing" : missing().toString())
                    .append('\n');
            if (deadline() != null) {
                b.append("  deadline: ").append(deadline()).append('\n');
            }
        }
        approvals()
                .forEach(a -> b.append("  approved: ")
                        .append(a.role())
                        .append(" by ")
                        .append(a.userId())
                        .append(" (")
                        .append(a.via())
                        .append(") at ")
                        .append(a.at())
                        .append(a.comment() == null ? "" : ": " + a.comment())
                        .append('\n'));
        refusals()
                .forEach(r -> b.append("  refused: ")
                        .append(r.action())
                        .append(" by ")
                        .append(r.userId())
                        .append(" at ")
                        .append(r.at())
                        .append(": ")
                        .append(r.reason())
                        .append(" - ")
                        .append(r.message())
                        .append('\n'));
        reviews()
                .forEach(r -> b.append("  review (")
                        .append(r.kind())
                        .append("): ")
                        .append(r.status(now))
                        .append(", due ")
                        .append(r.deadline())
                        .append(", missing ")
                        .append(r.missingRoles())
                        .append('\n'));
        return b.toString();
    }

    @Override
    public String toString() {
        return "ApprovalState[" + status() + ", " + tally.events.size() + " events]";
    }
}
