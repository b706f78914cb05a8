package io.jenkins.plugins.relgov.approval;

import java.util.Objects;

/**
 * What a person asks for: approve, reject, break glass, or complete a post-hoc review.
 *
 * @param action   what they ask for
 * @param identity who asks
 * @param role     the role they act for; null lets the engine pick the first role (in policy order)
 *                 that is incomplete and that they are eligible for
 * @param comment  their comment; the reason for a rejection or break-glass (mandatory there)
 */
public record Decision(Action action, Identity identity, String role, String comment) implements java.io.Serializable {

    public enum Action {
        APPROVE,
        REJECT,
        BREAK_GLASS,
        REVIEW
    }

    public Decision {
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(identity, "identity");
        role = role == null || role.isBlank() ? null : role.trim();
    }

    public static Decision approve(Identity who) {
        return new Decision(Action.APPROVE, who, null, null);
    }

    public static Decision approve(Identity who, String role, String comment) {
        return new Decision(Action.APPROVE, who, role, comment);
    }

    public static Decision reject(Identity who, String reason) {
        return new Decision(Action.REJECT, who, null, reason);
    }

    public static Decision breakGlass(Identity who, String reason) {
        return new Decision(Action.BREAK_GLASS, who, null, reason);
    }

    public static Decision review(Identity who, String role, String comment) {
        return new Decision(Action.REVIEW, who, role, comment);
    }

    boolean hasReason() {
        return comment != null && !comment.isBlank();
    }
}
