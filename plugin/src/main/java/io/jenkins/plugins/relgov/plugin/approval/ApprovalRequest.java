package io.jenkins.plugins.relgov.plugin.approval;

import hudson.Util;
import io.jenkins.plugins.relgov.approval.ApprovalEvent;
import io.jenkins.plugins.relgov.approval.ApprovalJson;
import io.jenkins.plugins.relgov.approval.ApprovalState;
import io.jenkins.plugins.relgov.approval.ApprovalStatus;
import io.jenkins.plugins.relgov.approval.Decision;
import io.jenkins.plugins.relgov.approval.Identity;
import io.jenkins.plugins.relgov.approval.Missing;
import io.jenkins.plugins.relgov.approval.Review;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import org.kohsuke.accmod.Restricted;
import org.kohsuke.accmod.restrictions.NoExternalUse;
import org.kohsuke.stapler.export.Exported;
import org.kohsuke.stapler.export.ExportedBean;

/**
 * One {@code requireApproval} request of a build. Its state is the core engine's event log, kept here
 * as the engine's own JSON so that XStream stores plain strings in {@code build.xml} and a restart
 * rebuilds the state exactly by folding the log again.
 */
@ExportedBean(defaultVisibility = 2)
public final class ApprovalRequest {

    private final String id;
    private final String message;
    /** The engine's event log ({@link ApprovalJson}); the single source of truth. */
    private String log;
    /** The compliance controls the policy maps approvals to, recorded with each decision in the ledger. */
    private final ArrayList<String> approvalControls;

    private transient volatile ApprovalState state;

    ApprovalRequest(String id, String message, ApprovalState opened, List<String> approvalControls) {
        this.id = id;
        this.message = message;
        this.approvalControls = new ArrayList<>(approvalControls);
        this.log = ApprovalJson.write(opened.events());
        this.state = opened;
    }

    /** The state, folded from the persisted log the first time it is needed after loading. */
    public ApprovalState state() {
        ApprovalState s = state;
        if (s == null) {
            s = ApprovalState.fold(ApprovalJson.read(log));
            state = s;
        }
        return s;
    }

    /** Records the state the engine answered with (its log extends ours). Caller holds the action's lock. */
    void advance(ApprovalState next) {
        log = ApprovalJson.write(next.events());
        state = next;
    }

    List<String> getApprovalControls() {
        return approvalControls == null ? List.of() : List.copyOf(approvalControls);
    }

    /** Would the engine accept this decision? Asked without recording anything (the engine is pure). */
    boolean wouldAccept(Decision decision, Clock clock) {
        return io.jenkins.plugins.relgov.approval.Approvals.decide(state(), decision, clock)
                .accepted();
    }

    // ---- read model for the pages and the JSON API --------------------------------------------

    @Exported
    public String getId() {
        return id;
    }

    @Exported
    public String getMessage() {
        return message;
    }

    @Exported
    public String getStatus() {
        return state().status().name();
    }

    public boolean isOpen() {
        return state().status() == ApprovalStatus.OPEN;
    }

    @Exported
    public String getVersion() {
        return state().spec().releaseVersion();
    }

    @Exported
    public String getTier() {
        return state().spec().tier().id();
    }

    @Exported
    public String getEnvironment() {
        return state().spec().environment();
    }

    @Exported
    public String getPolicy() {
        return state().spec().policyName();
    }

    @Exported
    public String getPolicyDigest() {
        return state().spec().policyDigest();
    }

    @Exported
    public String getOpenedAt() {
        return state().openedAt().toString();
    }

    /** ISO-8601 deadline, or null when the request never times out. */
    @Exported
    public String getDeadline() {
        Instant d = state().deadline();
        return d == null ? null : d.toString();
    }

    public long getOpenedAtMillis() {
        return state().openedAt().toEpochMilli();
    }

    /** "3 hr 2 min" since the request opened. */
    public String getAge() {
        return Util.getTimeSpanString(Duration.between(state().openedAt(), ApprovalAction.clock.instant())
                .toMillis());
    }

    /** "in 2 days 23 hr" / "2 hr ago", or null without deadline. */
    public String getDeadlineFromNow() {
        Instant d = state().deadline();
        if (d == null) {
            return null;
        }
        long ms = Duration.between(ApprovalAction.clock.instant(), d).toMillis();
        return ms >= 0 ? "in " + Util.getTimeSpanString(ms) : Util.getTimeSpanString(-ms) + " ago";
    }

    /** Required roles in policy order with how many approvals each still needs. */
    @Exported
    public List<String> getMissing() {
        return state().missing().stream().map(Missing::toString).toList();
    }

    /** Every required role with its count, what it has, and who gave it. */
    public List<RoleLine> getRoles() {
        List<RoleLine> lines = new ArrayList<>();
        state().rules()
                .quotas()
                .forEach(q -> lines.add(new RoleLine(
                        q.role(),
                        q.count(),
                        state().approvals().stream()
                                .filter(a -> a.role().equals(q.role()))
                                .map(ApprovalEvent.Approved::userId)
                                .toList())));
        return lines;
    }

    public boolean isOrdered() {
        return state().rules().ordered();
    }

    @Exported
    public List<Line> getApprovals() {
        return state().approvals().stream()
                .map(a -> new Line(a.at(), a.userId(), "approved as " + a.role() + " (" + a.via() + ")", a.comment()))
                .toList();
    }

    @Exported
    public List<Line> getRefusals() {
        return state().refusals().stream()
                .map(r -> new Line(
                        r.at(),
                        r.userId(),
                        r.action().name().toLowerCase(Locale.ROOT).replace('_', '-') + " refused ("
                                + r.reason().name().toLowerCase(Locale.ROOT).replace('_', '-') + ")",
                        r.message()))
                .toList();
    }

    /** How the request ended, in words, or null while open. */
    @Exported
    public String getSettlement() {
        return state().settlement()
                .map(s -> s.status() + " at " + s.at() + (s.by() == null ? "" : " by " + s.by()) + ": " + s.reason())
                .orElse(null);
    }

    @Exported
    public List<ReviewLine> getReviews() {
        Instant now = ApprovalAction.clock.instant();
        return state().reviews().stream().map(r -> new ReviewLine(r, now)).toList();
    }

    public boolean hasOpenReview() {
        return state().reviews().stream().anyMatch(r -> !r.complete());
    }

    /** A required role on the page: "qa-lead: 1 of 1 (carol)". */
    public record RoleLine(String role, int count, List<String> approvers) {
        public String getRole() {
            return role;
        }

        public int getCount() {
            return count;
        }

        public String getApprovers() {
            return String.join(", ", approvers);
        }

        public int getHave() {
            return approvers.size();
        }

        public boolean isComplete() {
            return approvers.size() >= count;
        }
    }

    /** One approval or refusal on the page and in the JSON API. */
    @ExportedBean(defaultVisibility = 3)
    public static final class Line {
        private final Instant at;
        private final String user;
        private final String what;
        private final String comment;

        Line(Instant at, String user, String what, String comment) {
            this.at = at;
            this.user = user;
            this.what = what;
            this.comment = comment;
        }

        @Exported
        public String getAt() {
            return at.toString();
        }

        @Exported
        public String getUser() {
            return user;
        }

        @Exported
        public String getWhat() {
            return what;
        }

        @Exported
        public String getComment() {
            return comment;
        }
    }

    /** A post-hoc review on the page: who still has to sign, by when, and whether it is overdue. */
    @ExportedBean(defaultVisibility = 3)
    public static final class ReviewLine {
        private final Review review;
        private final Instant now;

        ReviewLine(Review review, Instant now) {
            this.review = review;
            this.now = now;
        }

        @Exported
        public String getKind() {
            return review.kind().name().toLowerCase(Locale.ROOT).replace('_', '-');
        }

        @Exported
        public String getStatus() {
            return review.status(now).name();
        }

        @Exported
        public String getDeadline() {
            return review.deadline().toString();
        }

        @Exported
        public String getOpenedAt() {
            return review.openedAt().toString();
        }

        public String getAge() {
            return Util.getTimeSpanString(
                    Duration.between(review.openedAt(), now).toMillis());
        }

        public String getDeadlineFromNow() {
            long ms = Duration.between(now, review.deadline()).toMillis();
            return ms >= 0 ? "in " + Util.getTimeSpanString(ms) : Util.getTimeSpanString(-ms) + " ago";
        }

        @Exported
        public List<String> getMissingRoles() {
            return review.missingRoles();
        }

        @Exported
        public String getSignoffs() {
            return review.signoffs().stream()
                    .map(s -> s.role() + " by " + s.userId() + " at " + s.at())
                    .collect(Collectors.joining("; "));
        }

        public boolean isOverdue() {
            return review.overdue(now);
        }

        /** The row's CSS class on the page. */
        public String getCssClass() {
            return isOverdue() ? "relgov-overdue" : "";
        }

        public boolean isComplete() {
            return review.complete();
        }
    }

    /** Which decisions {@code who} may make now, by asking the engine without recording anything. */
    @Restricted(NoExternalUse.class)
    public Choices choicesFor(Identity who, Clock clock) {
        if (who == null) {
            return Choices.NONE;
        }
        List<String> roles = new ArrayList<>();
        for (var quota : state().rules().quotas()) {
            if (wouldAccept(Decision.approve(who, quota.role(), null), clock)) {
                roles.add(quota.role());
            }
        }
        boolean approve = !roles.isEmpty() || wouldAccept(Decision.approve(who), clock);
        boolean reject = wouldAccept(Decision.reject(who, "(checking)"), clock);
        boolean breakGlass = who.administrator() && wouldAccept(Decision.breakGlass(who, "(checking)"), clock);
        boolean review = wouldAccept(Decision.review(who, null, null), clock);
        String why = null;
        if (!approve && isOpen()) {
            why = io.jenkins.plugins.relgov.approval.Approvals.decide(state(), Decision.approve(who), clock)
                    .message();
        }
        boolean decided = state().approvals().stream().anyMatch(a -> a.userId().equalsIgnoreCase(who.userId()));
        return new Choices(approve, reject, breakGlass, review, roles, why, decided);
    }

    /**
     * The buttons a user gets, the roles they could approve as (a choice is offered when there are several),
     * and why they cannot approve when they cannot.
     */
    public record Choices(
            boolean approve,
            boolean reject,
            boolean breakGlass,
            boolean review,
            List<String> roles,
            String whyNotApprove,
            boolean decided) {
        static final Choices NONE = new Choices(false, false, false, false, List.of(), "log in to approve", false);

        public Choices {
            roles = List.copyOf(roles);
        }

        public boolean isApprove() {
            return approve;
        }

        public boolean isReject() {
            return reject;
        }

        public boolean isBreakGlass() {
            return breakGlass;
        }

        public boolean isReview() {
            return review;
        }

        public List<String> getRoles() {
            return roles;
        }

        /** True when the user could approve as more than one role and should pick. */
        public boolean isRoleChoice() {
            return roles.size() > 1;
        }

        public String getWhyNotApprove() {
            return whyNotApprove;
        }

        public boolean isAny() {
            return approve || reject || breakGlass || review;
        }

        /**
         * Whether the request waits for this user: they can approve it, or can still reject it without having
         * approved it. Someone who approved may still reject (the engine takes it), but nothing waits for them.
         */
        public boolean isWaitingFor() {
            return approve || reject && !decided;
        }
    }
}
