package io.jenkins.plugins.relgov.plugin.approval;

import jenkins.model.CauseOfInterruption;

/** Why the build stopped: an approver rejected the release, or the rules did (a replayed build). */
public final class ApprovalRejected extends CauseOfInterruption {
    private static final long serialVersionUID = 1L;

    private final String by;
    private final String reason;

    ApprovalRejected(String by, String reason) {
        this.by = by;
        this.reason = reason;
    }

    public String getBy() {
        return by;
    }

    public String getReason() {
        return reason;
    }

    @Override
    public String getShortDescription() {
        return "Release rejected" + (by == null ? "" : " by " + by) + ": " + reason;
    }
}
