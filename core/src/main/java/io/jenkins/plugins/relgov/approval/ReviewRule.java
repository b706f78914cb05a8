package io.jenkins.plugins.relgov.approval;

import java.io.Serializable;
import java.time.Duration;
import java.util.List;

/** One member of each of {@code roles} must review the release {@code within} the deadline. */
public record ReviewRule(List<String> roles, Duration within) implements Serializable {
    public ReviewRule {
        roles = List.copyOf(roles == null ? List.of() : roles);
    }
}
