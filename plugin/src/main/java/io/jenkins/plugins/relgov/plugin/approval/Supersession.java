package io.jenkins.plugins.relgov.plugin.approval;

import hudson.model.Run;
import hudson.model.TaskListener;
import hudson.security.ACL;
import hudson.security.ACLContext;
import io.jenkins.plugins.relgov.approval.Outcome;
import java.io.IOException;

/**
 * Stale approvals: a newer build of the same job that asks to release to the same environment supersedes the
 * older builds' open requests, so nobody signs off a release that is no longer the one going out. The older
 * build's request ends as SUPERSEDED, recorded in its ledger, and its step stops the build. A request an older
 * build opens after a newer build already asked is superseded at once. The environment's policy turns this
 * off with {@code supersedeOlderRequests: false}.
 */
final class Supersession {

    private Supersession() {}

    /**
     * Supersedes what {@code opened}, just opened by {@code run}, makes stale, or {@code opened} itself when a
     * newer build already asked. Runs as the system: the older builds belong to the job, not to this build's
     * authentication.
     */
    static void apply(Run<?, ?> run, ApprovalAction action, ApprovalRequest opened, TaskListener listener)
            throws IOException {
        String environment = opened.getEnvironment();
        if (environment == null || !opened.isOpen()) {
            return;
        }
        try (ACLContext ignored = ACL.as2(ACL.SYSTEM2)) {
            for (Run<?, ?> newer = run.getNextBuild(); newer != null; newer = newer.getNextBuild()) {
                ApprovalAction a = newer.getAction(ApprovalAction.class);
                if (a != null && a.getRequests().stream().anyMatch(r -> environment.equals(r.getEnvironment()))) {
                    action.supersede(opened, newer.getExternalizableId());
                    return;
                }
            }
            for (Run<?, ?> older = run.getPreviousBuildInProgress();
                    older != null;
                    older = older.getPreviousBuildInProgress()) {
                ApprovalAction a = older.getAction(ApprovalAction.class);
                if (a == null) {
                    continue;
                }
                for (ApprovalRequest r : a.getOpenRequests()) {
                    if (environment.equals(r.getEnvironment())) {
                        Outcome o = a.supersede(r, run.getExternalizableId());
                        if (o.accepted()) {
                            listener.getLogger()
                                    .println("[release-governance] superseded approval request " + r.getId() + " of "
                                            + older.getFullDisplayName() + " (" + r.getVersion() + " to " + environment
                                            + ")");
                        }
                    }
                }
            }
        }
    }
}
