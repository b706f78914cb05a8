package io.jenkins.plugins.relgov.approval;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Which roles each approver (by user key) has approved for. Every decision copies the tally, so this
 * index is two layers: a frozen base shared between copies and a few recent additions owned by one
 * copy, folded into a new base every {@value #FLATTEN_AFTER} additions. A copy then costs the recent
 * layer, not the number of approvers.
 */
final class ApproverIndex {
    private static final int FLATTEN_AFTER = 32;

    private final Map<String, Set<String>> base;
    private final Map<String, Set<String>> recent;

    ApproverIndex() {
        this(Map.of(), new HashMap<>());
    }

    private ApproverIndex(Map<String, Set<String>> base, Map<String, Set<String>> recent) {
        this.base = base;
        this.recent = recent;
    }

    Set<String> rolesOf(String userKey) {
        Set<String> r = recent.get(userKey);
        return r != null ? r : base.getOrDefault(userKey, Set.of());
    }

    void add(String userKey, String role) {
        Set<String> more = new HashSet<>(rolesOf(userKey));
        more.add(role);
        recent.put(userKey, Set.copyOf(more));
    }

    ApproverIndex copy() {
        if (recent.size() < FLATTEN_AFTER) {
            return new ApproverIndex(base, new HashMap<>(recent));
        }
        Map<String, Set<String>> flat = new HashMap<>(base);
        flat.putAll(recent);
        return new ApproverIndex(flat, new HashMap<>());
    }
}
