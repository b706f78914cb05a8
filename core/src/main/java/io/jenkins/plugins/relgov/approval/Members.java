package io.jenkins.plugins.relgov.approval;

import java.io.Serializable;
import java.util.List;
import java.util.Optional;

/** Who belongs to a role when the request opened: user ids and group names, as the policy wrote them. */
public record Members(List<String> users, List<String> groups) implements Serializable {
    public Members {
        users = List.copyOf(users == null ? List.of() : users);
        groups = List.copyOf(groups == null ? List.of() : groups);
    }

    /**
     * How {@code who} belongs, if at all: {@code user:<id>} for a listed user, else {@code group:<name>}
     * for the first listed group they are in. Auditors see this as the reason an approval counted.
     */
    public Optional<String> via(Identity who, MembershipMatcher matcher) {
        String key = matcher.userKey(who.userId());
        for (String u : users) {
            if (matcher.userKey(u).equals(key)) {
                return Optional.of("user:" + u);
            }
        }
        for (String g : groups) {
            String gk = matcher.groupKey(g);
            for (String mine : who.groups()) {
                if (matcher.groupKey(mine).equals(gk)) {
                    return Optional.of("group:" + g);
                }
            }
        }
        return Optional.empty();
    }
}
