package io.jenkins.plugins.relgov.plugin;

import io.jenkins.plugins.relgov.policy.Policy;

/**
 * A policy as a build uses it: the effective policy (role mapping merged), the digest of the document
 * the administrator wrote (so evidence names exactly which text governed), and where it came from.
 *
 * @param name   the name pipelines use
 * @param policy the effective policy
 * @param digest hex SHA-256 of the policy document's canonical JSON form
 * @param origin {@code shipped} or {@code global configuration}
 */
public record ResolvedPolicy(String name, Policy policy, String digest, String origin) {
}
