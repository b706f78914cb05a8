package io.jenkins.plugins.relgov.plugin.approval;

import jenkins.model.CauseOfInterruption;

/** Why the build stopped: a newer build of the job asked to release to the same environment. */
public final class ApprovalSuperseded extends CauseOfInterruption {
    private static final long serialVersionUID = 1L;

    private final String reason;

    ApprovalSuperseded(String reason) {
        this.reason = reason;
    }

    @Override
    public String getShortDescription() {
        return "Release approval " + reason;
    }
}
