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
import org.kohsuke.stapler.export.Exported;
import org.kohsuke.stapler.export.ExportedBean;
import org.springframework.security.access.AccessDeniedException;

/**
 * "Pending approvals" ({@code /release-approvals/}, JSON at {@code /release-approvals/api/json}): every open
 * request across all jobs that the current user may approve or reject, and every post-hoc review they may
 * sign or that is overdue, oldest first. Only builds of jobs the user can read are considered.
 */
@Extension
@ExportedBean
public final class PendingApprovalsAction implements RootAction {

    private static final Logger LOGGER = Logger.getLogger(PendingApprovalsAction.class.getName());

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

    /** What waits for the current user, oldest first. Runs with the caller's own authentication. */
    @Exported
    public List<InboxEntry> getItems() {
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
                    if (request.isOpen() && choices.isWaitingFor()) {
                        entries.add(InboxEntry.request(run, request, choices));
                    }
                    for (ApprovalRequest.ReviewLine review : request.getReviews()) {
                        if (!review.isComplete() && (choices.isReview() || review.isOverdue())) {
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
