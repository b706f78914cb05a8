package io.jenkins.plugins.relgov.policy;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A validated policy together with what identifies it: where it came from, the document as
 * written (as a tree) and its digest.
 *
 * @param source   the file name or {@code classpath:policies/inopsio.yaml}
 * @param policy   the policy
 * @param document the parsed document (what the digest covers)
 * @param digest   SHA-256 of the document's canonical JSON
 */
public record LoadedPolicy(String source, Policy policy, JsonNode document, PolicyDigest digest) {}
