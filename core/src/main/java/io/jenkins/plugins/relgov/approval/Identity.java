package io.jenkins.plugins.relgov.approval;

import java.util.Objects;
import java.util.Set;

/**
 * Who is deciding: a user id, the groups the security realm reports for them, and whether the host
 * considers them an administrator (in Jenkins: {@code Jenkins.ADMINISTER}).
 */
public record Identity(String userId, Set<String> groups, boolean administrator) implements java.io.Serializable {
    public Identity {
        Objects.requireNonNull(userId, "userId");
        if (userId.isBlank()) {
            throw new IllegalArgumentException("an identity needs a non-blank user id");
        }
        groups = Set.copyOf(groups == null ? Set.of() : groups);
    }

    public static Identity user(String userId, String... groups) {
        return new Identity(userId, Set.of(groups), false);
    }

    public static Identity admin(String userId, String... groups) {
        return new Identity(userId, Set.of(groups), true);
    }
}
