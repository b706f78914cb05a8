package io.jenkins.plugins.relgov.policy;

import java.time.Duration;
import java.util.List;

/** After the fact, one member of each of {@code roles} must review the release {@code within} the deadline. */
public record PostHocReview(List<String> roles, Duration within) {
    public PostHocReview {
        roles = List.copyOf(roles == null ? List.of() : roles);
    }
}
