package io.jenkins.plugins.relgov.evidence;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jenkins.plugins.relgov.policy.Policy;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

/**
 * The release decision for one target environment as a SLSA Verification Summary Attestation v1
 * (slsa.dev/spec/v1.0/verification_summary): who decided ({@code verifier.id}), when, for which environment
 * ({@code resourceUri}, so a decision for staging never reads as one for production), under which policy (by
 * digest), on which attestations (by digest) and ledger head, and the result. The result is what
 * {@link PolicyCompliance} says of the ledger so far, counting only the approvals given for that environment
 * (or for none in particular); {@code relgov verify} computes it again from the sealed ledger.
 */
public final class ReleaseDecision {
    public static final String PREDICATE_TYPE = "https://slsa.dev/verification_summary/v1";
    public static final String VERIFIER_ID = "https://jenkins.io/release-governance/relgov";
    /** {@code resourceUri} of a decision: this prefix and the policy's environment name. */
    public static final String RESOURCE_PREFIX = "relgov:environment:";
    /** The level a passed decision verifies (a custom one: SLSA build levels are not what a release policy checks). */
    public static final String POLICY_LEVEL = "RELGOV_POLICY_SATISFIED";
    /** How a decision names the ledger among its inputs; its digest is the hash of the last event, which chains all before it. */
    static final String LEDGER_INPUT = SealedBundle.LEDGER;

    private ReleaseDecision() {}

    public static String resourceUri(String environment) {
        return RESOURCE_PREFIX + environment;
    }

    /** The environment a resourceUri names, or null when it is not a relgov environment URI. */
    static String environmentOf(String resourceUri) {
        return resourceUri != null
                        && resourceUri.startsWith(RESOURCE_PREFIX)
                        && resourceUri.length() > RESOURCE_PREFIX.length()
                ? resourceUri.substring(RESOURCE_PREFIX.length())
                : null;
    }

    /** Why the ledger does not satisfy {@code policy} for {@code environment}; empty: it does. */
    static List<Finding> findings(Policy policy, LedgerView ledger, String environment) {
        List<LedgerEvent> scoped = ledger.events().stream()
                .filter(e -> !forAnotherEnvironment(e, environment))
                .toList();
        return PolicyCompliance.check(policy, new LedgerView(scoped), environment);
    }

    /** An approval decided for another environment than {@code environment}: it never counts towards this one. */
    private static boolean forAnotherEnvironment(LedgerEvent e, String environment) {
        if (!e.type().equals(EventType.APPROVAL_DECIDED.wire())) {
            return false;
        }
        String env = LedgerView.text(e.payload().path("environment"));
        return !env.isEmpty() && !env.equals(environment);
    }

    static ObjectNode predicate(Policy policy, LedgerView ledger, String environment, Instant now) {
        boolean passed = findings(policy, ledger, environment).isEmpty();
        ReleaseStarted started = ledger.started();
        ObjectNode p = LedgerEvent.JSON.createObjectNode();
        p.putObject("verifier").put("id", VERIFIER_ID);
        p.put("timeVerified", now.toString());
        p.put("resourceUri", resourceUri(environment));
        ObjectNode pol = p.putObject("policy").put("name", started.policyName()).put("uri", started.policyPath());
        pol.putObject("digest").put("sha256", started.policySha256());
        pol.putObject("annotations").put("relgovPolicyDigest", started.policyDigest());
        ArrayNode inputs = p.putArray("inputAttestations");
        for (LedgerView.Attestation a : ledger.attestations()) {
            if (a.envelope() != null) {
                inputs.addObject().put("uri", a.path()).putObject("digest").put("sha256", envelopeSha256(a));
            }
        }
        ObjectNode led = inputs.addObject().put("uri", LEDGER_INPUT);
        led.putObject("digest").put("sha256", ledger.head());
        led.putObject("annotations").put("events", ledger.size());
        p.put("verificationResult", passed ? "PASSED" : "FAILED");
        p.putArray("verifiedLevels").add(passed ? POLICY_LEVEL : "FAILED");
        p.put("slsaVersion", "1.0");
        return p;
    }

    /** The digest a decision names an attestation by: the SHA-256 of its envelope file. */
    static String envelopeSha256(LedgerView.Attestation a) {
        return Sha256.of(a.envelope().getBytes(StandardCharsets.UTF_8));
    }
}
