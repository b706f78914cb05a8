package io.jenkins.plugins.relgov.approval;

import io.jenkins.plugins.relgov.approval.ApprovalEvent.ReviewCompleted;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A post-hoc review: after the release, one member of each role must review it by {@code deadline}.
 * A review past its deadline stays visible: {@link Status#OVERDUE} while incomplete,
 * {@link Status#COMPLETED_LATE} once completed after the deadline.
 *
 * @param kind     why it is due: the tier demands it, or an administrator broke glass
 * @param roles    the roles that must each sign off
 * @param openedAt when the release was approved
 * @param deadline when the review is due
 * @param signoffs the sign-offs so far, in order
 */
public record Review(
        Kind kind, List<String> roles, Instant openedAt, Instant deadline, List<ReviewCompleted> signoffs) {

    public enum Kind {
        AFTER_RELEASE,
        BREAK_GLASS
    }

    public enum Status {
        OPEN,
        OVERDUE,
        COMPLETED,
        COMPLETED_LATE
    }

    public Review {
        roles = List.copyOf(roles);
        signoffs = List.copyOf(signoffs);
    }

    /** The roles that have not signed off yet, in policy order. */
    public List<String> missingRoles() {
        List<String> missing = new ArrayList<>(roles);
        signoffs.forEach(s -> missing.remove(s.role()));
        return missing;
    }

    public boolean complete() {
        return missingRoles().isEmpty();
    }

    /** When the last sign-off arrived, or null while incomplete. */
    public Instant completedAt() {
        return complete() ? signoffs.get(signoffs.size() - 1).at() : null;
    }

    public Status status(Instant now) {
        if (complete()) {
            return completedAt().isAfter(deadline) ? Status.COMPLETED_LATE : Status.COMPLETED;
        }
        return now.isAfter(deadline) ? Status.OVERDUE : Status.OPEN;
    }

    public boolean overdue(Instant now) {
        return status(now) == Status.OVERDUE;
    }

    Review with(ReviewCompleted signoff) {
        List<ReviewCompleted> more = new ArrayList<>(signoffs);
        more.add(signoff);
        return new Review(kind, roles, openedAt, deadline, more);
    }
}
