package io.jenkins.plugins.relgov.approval;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import java.io.Serializable;
import java.time.Instant;

/**
 * One fact in a request's log. Plain records of strings and instants, serialisable with Java
 * serialisation and with Jackson ({@link ApprovalJson}); the {@code type} property names the kind.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
    @JsonSubTypes.Type(value = ApprovalEvent.Opened.class, name = "opened"),
    @JsonSubTypes.Type(value = ApprovalEvent.Approved.class, name = "approved"),
    @JsonSubTypes.Type(value = ApprovalEvent.Rejected.class, name = "rejected"),
    @JsonSubTypes.Type(value = ApprovalEvent.Refused.class, name = "refused"),
    @JsonSubTypes.Type(value = ApprovalEvent.BreakGlass.class, name = "break-glass"),
    @JsonSubTypes.Type(value = ApprovalEvent.TimedOut.class, name = "timed-out"),
    @JsonSubTypes.Type(value = ApprovalEvent.Cancelled.class, name = "cancelled"),
    @JsonSubTypes.Type(value = ApprovalEvent.Superseded.class, name = "superseded"),
    @JsonSubTypes.Type(value = ApprovalEvent.ReviewCompleted.class, name = "review-completed")
})
public sealed interface ApprovalEvent extends Serializable {

    /** When it happened (the injected clock's time). */
    Instant at();

    /** The request opened under {@code rules}; it times out at {@code deadline} (null: never). */
    record Opened(Instant at, RequestSpec spec, ApprovalRules rules, Instant deadline) implements ApprovalEvent {}

    /** {@code userId} approved, counting for {@code role} because of membership {@code via}. */
    record Approved(Instant at, String userId, String role, String via, String comment) implements ApprovalEvent {}

    /** {@code userId} (a member through {@code via}) rejected the release; this settles the request. */
    record Rejected(Instant at, String userId, String via, String reason) implements ApprovalEvent {}

    /** An attempt that the rules refused; recorded so auditors see it. Changes nothing else. */
    record Refused(Instant at, String userId, Decision.Action action, String role, RefusalReason reason, String message)
            implements ApprovalEvent {}

    /** An administrator approved alone under the policy's break-glass rule; a review is now due. */
    record BreakGlass(Instant at, String userId, String reason) implements ApprovalEvent {}

    /** The request was still open at its deadline. */
    record TimedOut(Instant at) implements ApprovalEvent {}

    /** The host withdrew the request (the build was aborted); {@code userId} null when no user did. */
    record Cancelled(Instant at, String userId, String reason) implements ApprovalEvent {}

    /** A newer build of the same job for the same environment, {@code by} ("shop#9"), replaced the request. */
    record Superseded(Instant at, String by) implements ApprovalEvent {}

    /** {@code userId} completed the {@code role} part of a post-hoc review of kind {@code review}. */
    record ReviewCompleted(Instant at, Review.Kind review, String role, String userId, String via, String comment)
            implements ApprovalEvent {}
}
