package io.jenkins.plugins.relgov.plugin;

import io.jenkins.plugins.relgov.policy.Policy;

/**
 * A policy as a build uses it: the effective policy (role mapping merged), the document the
 * administrator wrote (kept in the evidence, so auditors read the exact text that governed), its digest,
 * and where it came from.
 *
 * @param name   the name pipelines use
 * @param policy the effective policy
 * @param digest hex SHA-256 of the policy document's canonical JSON form
 * @param origin {@code shipped} or {@code global configuration}
 * @param text   the policy document as written
 */
public record ResolvedPolicy(String name, Policy policy, String digest, String origin, String text) {

    /** The policy document's file name in artifacts and bundles. */
    public String fileName() {
        return name + ".yaml";
    }
}
