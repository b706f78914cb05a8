package io.jenkins.plugins.relgov.plugin.approval;

import jenkins.model.CauseOfInterruption;

/** Why the build stopped: nobody completed the approval before its deadline. */
public final class ApprovalTimedOut extends CauseOfInterruption {
    private static final long serialVersionUID = 1L;

    private final String deadline;
    private final String missing;

    ApprovalTimedOut(String deadline, String missing) {
        this.deadline = deadline;
        this.missing = missing;
    }

    @Override
    public String getShortDescription() {
        return "Release approval timed out at " + deadline + "; still missing " + missing;
    }
}
