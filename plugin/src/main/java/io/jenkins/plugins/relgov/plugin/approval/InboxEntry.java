package io.jenkins.plugins.relgov.plugin.approval;

import hudson.model.Run;
import java.util.ArrayList;
import java.util.List;
import org.kohsuke.stapler.export.Exported;
import org.kohsuke.stapler.export.ExportedBean;

/** One line of the "Pending approvals" page: a request to decide, or a post-hoc review to sign. */
@ExportedBean(defaultVisibility = 2)
public final class InboxEntry {
    private final String kind;
    private final String job;
    private final String jobDisplayName;
    private final int build;
    private final String url;
    private final ApprovalRequest request;
    private final String openedAt;
    private final String deadline;
    private final String age;
    private final String deadlineFromNow;
    private final boolean overdue;
    private final List<String> missing;
    private final List<String> actions;

    private InboxEntry(
            String kind,
            Run<?, ?> run,
            ApprovalRequest request,
            String openedAt,
            String deadline,
            String age,
            String deadlineFromNow,
            boolean overdue,
            List<String> missing,
            List<String> actions) {
        this.kind = kind;
        this.job = run.getParent().getFullName();
        this.jobDisplayName = run.getParent().getFullDisplayName();
        this.build = run.getNumber();
        this.url = run.getUrl() + ApprovalAction.URL_NAME + "/";
        this.request = request;
        this.openedAt = openedAt;
        this.deadline = deadline;
        this.age = age;
        this.deadlineFromNow = deadlineFromNow;
        this.overdue = overdue;
        this.missing = missing;
        this.actions = actions;
    }

    static InboxEntry request(Run<?, ?> run, ApprovalRequest r, ApprovalRequest.Choices c) {
        List<String> actions = new ArrayList<>();
        if (c.isApprove()) {
            actions.add("approve");
        }
        if (c.isReject()) {
            actions.add("reject");
        }
        if (c.isBreakGlass()) {
            actions.add("break-glass");
        }
        return new InboxEntry(
                "approval",
                run,
                r,
                r.getOpenedAt(),
                r.getDeadline(),
                r.getAge(),
                r.getDeadlineFromNow(),
                false,
                r.getMissing(),
                actions);
    }

    static InboxEntry review(Run<?, ?> run, ApprovalRequest r, ApprovalRequest.ReviewLine review, boolean canSign) {
        return new InboxEntry(
                "review:" + review.getKind(),
                run,
                r,
                review.getOpenedAt(),
                review.getDeadline(),
                review.getAge(),
                review.getDeadlineFromNow(),
                review.isOverdue(),
                review.getMissingRoles(),
                canSign ? List.of("review") : List.of());
    }

    /** {@code approval}, {@code review:after-release} or {@code review:break-glass}. */
    @Exported
    public String getKind() {
        return kind;
    }

    @Exported
    public String getJob() {
        return job;
    }

    public String getJobDisplayName() {
        return jobDisplayName;
    }

    @Exported
    public int getBuild() {
        return build;
    }

    /** The approval page, relative to the Jenkins root URL. */
    @Exported
    public String getUrl() {
        return url;
    }

    @Exported
    public String getRequest() {
        return request.getId();
    }

    @Exported
    public String getMessage() {
        return request.getMessage();
    }

    @Exported
    public String getVersion() {
        return request.getVersion();
    }

    @Exported
    public String getTier() {
        return request.getTier();
    }

    @Exported
    public String getEnvironment() {
        return request.getEnvironment();
    }

    @Exported
    public String getOpenedAt() {
        return openedAt;
    }

    @Exported
    public String getDeadline() {
        return deadline;
    }

    public String getAge() {
        return age;
    }

    public String getDeadlineFromNow() {
        return deadlineFromNow;
    }

    @Exported
    public boolean isOverdue() {
        return overdue;
    }

    /** The row's CSS class on the page. */
    public String getCssClass() {
        return overdue ? "relgov-overdue" : "";
    }

    /** Roles still needed (for a review: roles that have not signed). */
    @Exported
    public List<String> getMissing() {
        return missing;
    }

    /** The roles still needed, for the page: "qa-lead (1 more), product-manager (1 more)". */
    public String getMissingText() {
        return String.join(", ", missing);
    }

    /** What the current user may do, for the page: "approve, reject". */
    public String getActionsText() {
        return String.join(", ", actions);
    }

    /** What the current user may do: approve, reject, break-glass, review. */
    @Exported
    public List<String> getActions() {
        return actions;
    }
}
