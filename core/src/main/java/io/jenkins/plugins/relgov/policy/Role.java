package io.jenkins.plugins.relgov.policy;

import java.util.List;

/**
 * A role that approvals are asked of. Members are user ids and group names; Jenkins admins may
 * add members through the global role mapping, which the plugin merges in before evaluation.
 */
public record Role(String name, String description, List<String> users, List<String> groups) {
    public Role {
        users = List.copyOf(users == null ? List.of() : users);
        groups = List.copyOf(groups == null ? List.of() : groups);
    }

    /** True when membership is a fixed list of users, so its size bounds how many can approve. */
    public boolean hasBoundedMembership() {
        return groups.isEmpty();
    }

    public Role withMembers(List<String> moreUsers, List<String> moreGroups) {
        var u = new java.util.ArrayList<>(users);
        moreUsers.stream().filter(x -> !u.contains(x)).forEach(u::add);
        var g = new java.util.ArrayList<>(groups);
        moreGroups.stream().filter(x -> !g.contains(x)).forEach(g::add);
        return new Role(name, description, u, g);
    }
}
