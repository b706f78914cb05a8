package io.jenkins.plugins.relgov.policy;

/**
 * Who may not approve, and what administrators may do.
 *
 * @param excludeTriggerer     the user who started the build cannot approve it
 * @param excludeCommitAuthors the authors of the release's commits cannot approve it
 * @param distinctApprovers    one person cannot fill two roles nor count twice for one
 * @param administrators       an administrator's special power, if any
 * @param breakGlassReview     the review a break-glass approval must get afterwards
 * @param refuseReplay         builds started by Replay (edited Jenkinsfile) cannot be approved
 */
public record SegregationOfDuties(
        boolean excludeTriggerer,
        boolean excludeCommitAuthors,
        boolean distinctApprovers,
        AdminPower administrators,
        PostHocReview breakGlassReview,
        boolean refuseReplay) {

    /** The safe default when a policy says nothing. */
    public static final SegregationOfDuties STRICT =
            new SegregationOfDuties(true, true, true, AdminPower.NONE, null, true);

    public enum AdminPower {
        /** Administrators are ordinary users for approvals. */
        NONE,
        /** An administrator may approve alone with a mandatory reason; a post-hoc review follows. */
        BREAK_GLASS
    }

    public SegregationOfDuties {
        administrators = administrators == null ? AdminPower.NONE : administrators;
    }
}
