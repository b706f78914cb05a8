package io.jenkins.plugins.relgov.approval;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * The roles' members indexed by user key and group key, built once per request, so finding the
 * roles a person may fill costs their groups, not the policy's size.
 */
final class Directory {
    private final MembershipMatcher matcher;
    private final Map<String, Set<String>> rolesByUser = new HashMap<>();
    private final Map<String, Set<String>> rolesByGroup = new HashMap<>();

    Directory(ApprovalRules rules) {
        this.matcher = rules.matcher();
        rules.members().forEach((role, m) -> {
            m.users()
                    .forEach(u -> rolesByUser
                            .computeIfAbsent(matcher.userKey(u), k -> new HashSet<>())
                            .add(role));
            m.groups()
                    .forEach(g -> rolesByGroup
                            .computeIfAbsent(matcher.groupKey(g), k -> new HashSet<>())
                            .add(role));
        });
    }

    /** Every role {@code who} belongs to, by user id or by group (a superset check; Members.via says how). */
    Set<String> rolesOf(Identity who) {
        Set<String> roles = new HashSet<>(rolesByUser.getOrDefault(matcher.userKey(who.userId()), Set.of()));
        for (String g : who.groups()) {
            roles.addAll(rolesByGroup.getOrDefault(matcher.groupKey(g), Set.of()));
        }
        return roles;
    }
}
