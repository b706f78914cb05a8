package io.jenkins.plugins.relgov.plugin.approval;

import hudson.Extension;
import hudson.model.Api;
import hudson.model.Item;
import hudson.model.RootAction;
import hudson.model.Run;
import io.jenkins.plugins.relgov.approval.Identity;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.kohsuke.stapler.Stapler;
import org.kohsuke.stapler.StaplerRequest2;
import org.kohsuke.stapler.export.Exported;
import org.kohsuke.stapler.export.ExportedBean;
import org.springframework.security.access.AccessDeniedException;

/**
 * "Pending approvals" ({@code /release-approvals/}, JSON at {@code /release-approvals/api/json}): every open
 * request across all jobs that the current user may approve or reject, and every post-hoc review they may
 * sign or that is overdue, oldest first ("mine"); with {@code ?scope=all}, every open request and incomplete
 * review the user can see, whoever it waits for. Only builds of jobs the user can read are considered.
 */
@Extension
@ExportedBean
public final class PendingApprovalsAction implements RootAction {

    private static final Logger LOGGER = Logger.getLogger(PendingApprovalsAction.class.getName());
    static final String MINE = "mine";
    static final String ALL = "all";

    @Override
    public String getIconFileName() {
        return JenkinsIdentity.current() == null ? null : "symbol-pause";
    }

    @Override
    public String getDisplayName() {
        return "Pending approvals";
    }

    @Override
    public String getUrlName() {
        return "release-approvals";
    }

    public Api getApi() {
        return new Api(this);
    }

    /** The scope the page and the API show: {@code ?scope=all}, or the current user's own work. */
    @Exported
    public String getScope() {
        StaplerRequest2 req = Stapler.getCurrentRequest2();
        return req != null && ALL.equals(req.getParameter("scope")) ? ALL : MINE;
    }

    /** The entries of {@link #getScope()}, oldest first. */
    @Exported
    public List<InboxEntry> getItems() {
        return items(getScope());
    }

    /**
     * What waits for the current user ({@code mine}), or everything open they can see ({@code all}), oldest
     * first. Runs with the caller's own authentication.
     */
    public List<InboxEntry> items(String scope) {
        boolean all = ALL.equals(scope);
        Identity who = JenkinsIdentity.current();
        if (who == null) {
            return List.of();
        }
        List<InboxEntry> entries = new ArrayList<>();
        for (String id : ApprovalIndex.get().runIds()) {
            Run<?, ?> run;
            try {
                run = Run.fromExternalizableId(id);
            } catch (IllegalArgumentException | AccessDeniedException e) {
                continue; // malformed, or visible but not readable by this user
            }
            if (run == null || !run.getParent().hasPermission(Item.READ)) {
                continue;
            }
            ApprovalAction action = run.getAction(ApprovalAction.class);
            if (action == null) {
                continue;
            }
            for (ApprovalRequest request : action.getRequests()) {
                try {
                    ApprovalRequest.Choices choices = request.choicesFor(who, ApprovalAction.clock);
                    if (request.isOpen() && (all || choices.isWaitingFor())) {
                        entries.add(InboxEntry.request(run, request, choices));
                    }
                    for (ApprovalRequest.ReviewLine review : request.getReviews()) {
                        if (!review.isComplete() && (all || choices.isReview() || review.isOverdue())) {
                            entries.add(InboxEntry.review(run, request, review, choices.isReview()));
                        }
                    }
                } catch (RuntimeException e) {
                    LOGGER.log(Level.WARNING, "cannot read approval request " + request.getId() + " of " + id, e);
                }
            }
        }
        entries.sort(Comparator.comparing(InboxEntry::getOpenedAt));
        return entries;
    }
}
