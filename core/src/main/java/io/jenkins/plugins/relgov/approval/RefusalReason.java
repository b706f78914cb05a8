package io.jenkins.plugins.relgov.approval;

/** Why a decision was refused; the stable code beside each refusal's human message. */
public enum RefusalReason {
    /** the request is already approved, rejected, timed out or cancelled */
    SETTLED,
    /** the request's deadline had passed */
    TIMED_OUT,
    /** the person belongs to no role the request (or review) requires */
    NOT_A_MEMBER,
    /** the decision named a role the request does not require */
    UNKNOWN_ROLE,
    /** the build's triggerer may not approve their own build */
    TRIGGERER,
    /** an author of the release's commits may not approve it */
    COMMIT_AUTHOR,
    /** the person already approved (for this role, or for another with distinct approvers) */
    ALREADY_APPROVED,
    /** the role already has all the approvals it needs */
    ROLE_COMPLETE,
    /** an earlier role in the required order is not complete yet */
    OUT_OF_ORDER,
    /** a rejection or break-glass without the mandatory reason */
    MISSING_REASON,
    /** the policy gives administrators no break-glass power */
    NO_BREAK_GLASS,
    /** break-glass by someone who is not an administrator */
    NOT_ADMINISTRATOR,
    /** a review decision while no post-hoc review is open */
    NO_OPEN_REVIEW,
    /** the person broke glass on this release and cannot review it */
    OWN_BREAK_GLASS
}
