package io.jenkins.plugins.relgov.policy;

import java.util.List;

/**
 * How the organisation responds to a bad release.
 *
 * @param command   the rollback command, with {@code ENV} and {@code VERSION} placeholders
 * @param responses trigger → response → owner, as the policy's rollback table says
 */
public record RollbackPolicy(String command, List<Response> responses) {
    public static final RollbackPolicy NONE = new RollbackPolicy(null, null);

    /** One row of the rollback table. {@code within} is null when the policy sets no deadline. */
    public record Response(String trigger, String response, String owner, java.time.Duration within) {}

    public RollbackPolicy {
        responses = List.copyOf(responses == null ? List.of() : responses);
    }
}
