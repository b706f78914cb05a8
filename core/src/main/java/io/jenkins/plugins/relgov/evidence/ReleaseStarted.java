package io.jenkins.plugins.relgov.evidence;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The first event of every ledger, {@code release-started}, in one shape whoever writes it ({@link ReleaseEvidence#start},
 * the Jenkins plugin's first governance step) and whoever reads it ({@link LedgerView#started()}): what is released,
 * from which version, where to and from which branch, under which policy.
 *
 * <pre>{@code
 * {"release": {"name": "shop", "version": "v2.4.0", "tier": "minor",
 *              "previousVersion": "v2.3.1", "environment": "production", "branch": "main"},
 *  "policy": {"name": "inopsio", "path": "policy/inopsio.yaml", "sha256": "<hex SHA-256 of that file>",
 *             "digest": "sha256:<hex SHA-256 of the policy's canonical JSON>", "origin": "shipped"}}
 * }</pre>
 *
 * {@code previousVersion}, {@code environment}, {@code branch} and {@code origin} are written only when known (null
 * leaves them out). Read back from a ledger, which is untrusted input, every field reads as {@link LedgerView#text}
 * does: a missing or null field is empty.
 *
 * @param policyPath   the policy file's bundle entry ({@code policy/<file>})
 * @param policySha256 hex SHA-256 of that file as written
 * @param policyDigest the policy's digest ({@code sha256:<hex>} of its canonical JSON)
 * @param policyOrigin where the policy came from ({@code shipped}, {@code global configuration}), or null
 */
public record ReleaseStarted(
        String name,
        String version,
        String tier,
        String previousVersion,
        String environment,
        String branch,
        String policyName,
        String policyPath,
        String policySha256,
        String policyDigest,
        String policyOrigin) {

    /** {@code release} started under the policy named, whose file is kept as {@code policyPath}. */
    public static ReleaseStarted of(
            ReleaseEvidence.Release release,
            String policyName,
            String policyPath,
            String policySha256,
            String policyDigest,
            String policyOrigin) {
        return new ReleaseStarted(
                release.name(),
                release.version(),
                release.tier(),
                release.previousVersion(),
                release.environment(),
                release.branch(),
                policyName,
                policyPath,
                policySha256,
                policyDigest,
                policyOrigin);
    }

    /** The payload of the {@code release-started} event. */
    public ObjectNode payload() {
        ObjectNode p = LedgerEvent.JSON.createObjectNode();
        ObjectNode rel =
                p.putObject("release").put("name", name).put("version", version).put("tier", tier);
        putKnown(rel, "previousVersion", previousVersion);
        putKnown(rel, "environment", environment);
        putKnown(rel, "branch", branch);
        ObjectNode pol = p.putObject("policy")
                .put("name", policyName)
                .put("path", policyPath)
                .put("sha256", policySha256)
                .put("digest", policyDigest);
        putKnown(pol, "origin", policyOrigin);
        return p;
    }

    /** The facts of a {@code release-started} payload, every field as text (empty when missing). */
    static ReleaseStarted read(JsonNode payload) {
        JsonNode rel = payload.path("release");
        JsonNode pol = payload.path("policy");
        return new ReleaseStarted(
                LedgerView.text(rel.path("name")),
                LedgerView.text(rel.path("version")),
                LedgerView.text(rel.path("tier")),
                LedgerView.text(rel.path("previousVersion")),
                LedgerView.text(rel.path("environment")),
                LedgerView.text(rel.path("branch")),
                LedgerView.text(pol.path("name")),
                LedgerView.text(pol.path("path")),
                LedgerView.text(pol.path("sha256")),
                LedgerView.text(pol.path("digest")),
                LedgerView.text(pol.path("origin")));
    }

    private static void putKnown(ObjectNode o, String field, String value) {
        if (value != null) {
            o.put(field, value);
        }
    }
}
