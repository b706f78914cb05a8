package io.jenkins.plugins.relgov.evidence;

import java.util.Arrays;
import java.util.Optional;

/**
 * Evidence kinds that no single step records: each is a fact the ledger as a whole proves (or fails to), read by
 * {@link ChangeTrace}. A control lists them beside recorded kinds ({@code evidence: [change-reason, approval,
 * test-summary]}) and a tier or the gates can require them, so that "the reason for the change" or "approved by
 * someone other than the requester" is checked like any other evidence.
 */
public enum DerivedEvidence {
    CHANGE_ID("change-id", "a change record gives the change's id"),
    CHANGE_REASON("change-reason", "a change record gives the reason for the change"),
    SECURITY_IMPACT("security-impact", "a change record gives the change's security impact"),
    REQUESTER("requester", "a change record or the approval request names who requested the change"),
    BACKOUT_PLAN("backout-plan", "a change record gives the back-out plan"),
    SEGREGATION_OF_DUTIES(
            "segregation-of-duties",
            "at least one approval; every approver a different person in one role,"
                    + " none of them the requester, a commit author or the one who deployed"),
    TARGET_ENVIRONMENT("target-environment", "a deployment or the approval request names the target environment"),
    DEPLOYMENT("deployment", "a deployment is recorded"),
    POST_HOC_APPROVAL(
            "post-hoc-approval",
            "an emergency change (emergency tier, break-glass approval, or a change record"
                    + " saying emergency) has a review recorded after it; not applicable to other changes");

    private final String kind;
    private final String provenBy;

    DerivedEvidence(String kind, String provenBy) {
        this.kind = kind;
        this.provenBy = provenBy;
    }

    /** The evidence kind, as policies name it. */
    public String kind() {
        return kind;
    }

    /** What proves it, in a few words. */
    public String provenBy() {
        return provenBy;
    }

    public static Optional<DerivedEvidence> of(String kind) {
        return Arrays.stream(values()).filter(d -> d.kind.equals(kind)).findFirst();
    }
}
