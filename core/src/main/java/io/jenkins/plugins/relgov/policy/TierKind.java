package io.jenkins.plugins.relgov.policy;

import java.util.Locale;

/** The release tiers. {@code EMERGENCY} is the hotfix path, chosen by branch rather than by version. */
public enum TierKind {
    MAJOR,
    MINOR,
    PATCH,
    EMERGENCY;

    /** The name used in policy files and messages: lower case. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static TierKind of(String id) {
        return valueOf(id.trim().toUpperCase(Locale.ROOT));
    }
}
