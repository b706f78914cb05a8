package io.jenkins.plugins.relgov.approval;

import java.io.Serializable;
import java.util.Locale;

/**
 * How user ids and group names are compared, like Jenkins's {@code IdStrategy} and the realm's
 * group strategy: case-insensitive keys are lower-cased with {@link Locale#ENGLISH}, exactly as
 * {@code IdStrategy.CaseInsensitive.keyFor} does. Recorded in the request so a replay compares alike.
 */
public record MembershipMatcher(Case users, Case groups) implements Serializable {

    public enum Case {
        INSENSITIVE,
        SENSITIVE
    }

    /** Jenkins's default: user ids and group names both case-insensitive. */
    public static final MembershipMatcher DEFAULT = new MembershipMatcher(Case.INSENSITIVE, Case.INSENSITIVE);

    public static final MembershipMatcher CASE_SENSITIVE = new MembershipMatcher(Case.SENSITIVE, Case.SENSITIVE);

    public MembershipMatcher {
        users = users == null ? Case.INSENSITIVE : users;
        groups = groups == null ? Case.INSENSITIVE : groups;
    }

    /** The key under which two user ids are the same person. */
    public String userKey(String userId) {
        return key(users, userId);
    }

    public String groupKey(String group) {
        return key(groups, group);
    }

    private static String key(Case c, String id) {
        return c == Case.INSENSITIVE ? id.toLowerCase(Locale.ENGLISH) : id;
    }
}
