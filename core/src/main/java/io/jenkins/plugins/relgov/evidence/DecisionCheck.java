package io.jenkins.plugins.relgov.evidence;

import com.fasterxml.jackson.databind.JsonNode;
import io.jenkins.plugins.relgov.signing.Dsse;
import io.jenkins.plugins.relgov.signing.SigningException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Every release decision (SLSA VSA) says what the ledger before it says: the policy the release started with,
 * every earlier attestation and the ledger head by digest, the signed artifacts as subjects, and the result the
 * policy gives for its environment (recomputed from the bundled policy). Once a release records a decision,
 * each deployment must follow a passed decision for its own environment: a decision for staging is no
 * licence for production. Bundles sealed before decisions were recorded have none, which is no problem.
 */
final class DecisionCheck implements BundleCheck {

    /** A decision as recorded: where, for which environment, with what result. */
    private record Decision(long seq, String environment, boolean passed) {}

    @Override
    public String id() {
        return "decision";
    }

    @Override
    public String run(Verification v, CheckFindings findings) {
        List<LedgerEvent> events = v.ledger.events();
        List<Decision> decisions = new ArrayList<>();
        for (LedgerView.Attestation a : v.ledger.attestations()) {
            if (!ReleaseDecision.PREDICATE_TYPE.equals(
                    LedgerView.text(a.event().payload().path("predicateType")))) {
                continue;
            }
            long seq = a.event().seq();
            String where = a.path() + " (ledger seq " + seq + ")";
            JsonNode statement = statement(a, where, findings);
            if (statement == null) {
                continue;
            }
            LedgerView before = new LedgerView(events.subList(0, (int) Math.min(seq, events.size())));
            Decision d = check(v, before, statement, seq, where, findings);
            if (d != null) {
                decisions.add(d);
            }
        }
        if (decisions.isEmpty()) {
            return "no release decision (SLSA VSA) recorded";
        }
        deployments(v.ledger, decisions, findings);
        List<String> said = decisions.stream()
                .map(d -> d.environment() + " " + (d.passed() ? "PASSED" : "FAILED") + " (ledger seq " + d.seq() + ")")
                .toList();
        return decisions.size() + " release decision(s) (SLSA VSA) match the ledger: " + String.join(", ", said);
    }

    private static JsonNode statement(LedgerView.Attestation a, String where, CheckFindings findings) {
        if (a.envelope() == null) {
            findings.problem(where, "the ledger does not keep the decision's envelope");
            return null;
        }
        try {
            return Dsse.Envelope.parse(a.envelope(), a.path()).payloadJson();
        } catch (SigningException e) {
            findings.problem(where, CheckFindings.what(e, a.path()));
            return null;
        }
    }

    private static Decision check(
            Verification v, LedgerView before, JsonNode statement, long seq, String where, CheckFindings findings) {
        JsonNode p = statement.path("predicate");
        if (!ReleaseDecision.PREDICATE_TYPE.equals(
                statement.path("predicateType").asText())) {
            findings.problem(where, "the statement's predicateType is not " + ReleaseDecision.PREDICATE_TYPE);
            return null;
        }
        String resource = LedgerView.text(p.path("resourceUri"));
        String environment = ReleaseDecision.environmentOf(resource);
        if (environment == null) {
            findings.problem(
                    where,
                    "resourceUri '" + resource + "' names no environment (" + ReleaseDecision.RESOURCE_PREFIX
                            + "NAME)");
            return null;
        }
        String result = LedgerView.text(p.path("verificationResult"));
        if (!result.equals("PASSED") && !result.equals("FAILED")) {
            findings.problem(where, "verificationResult is '" + result + "', not PASSED or FAILED");
            return null;
        }
        boolean passed = result.equals("PASSED");
        String level = passed ? ReleaseDecision.POLICY_LEVEL : "FAILED";
        if (p.path("verifiedLevels").size() != 1
                || !level.equals(p.path("verifiedLevels").path(0).asText())) {
            findings.problem(where, "verifiedLevels must be [" + level + "] for a " + result + " decision");
        }
        ReleaseStarted started = before.started();
        if (started != null
                && !started.policySha256()
                        .equals(LedgerView.text(p.path("policy").path("digest").path("sha256")))) {
            findings.problem(
                    where,
                    "names policy sha256 "
                            + LedgerView.text(p.path("policy").path("digest").path("sha256"))
                            + ", not the one the release started with (" + started.policySha256() + ")");
        }
        inputs(before, p.path("inputAttestations"), where, findings);
        subjects(before, statement.path("subject"), where, findings);
        if (v.bundledPolicy == null) {
            findings.warn(where, "the bundled policy did not load: the decision's result was not recomputed");
        } else if (v.bundledPolicy.policy().environment(environment).isEmpty()) {
            findings.problem(
                    where,
                    "environment '" + environment + "' is not defined in policy "
                            + v.bundledPolicy.policy().name());
        } else {
            List<Finding> why = ReleaseDecision.findings(v.bundledPolicy.policy(), before, environment);
            if (why.isEmpty() != passed) {
                findings.problem(
                        where,
                        "says " + result + " for " + environment + ", but the ledger before it "
                                + (why.isEmpty()
                                        ? "satisfies the policy"
                                        : "does not satisfy the policy: "
                                                + why.get(0).what()));
            }
        }
        return new Decision(seq, environment, passed);
    }

    /** Every earlier attestation, and the ledger head, by digest: none left out, none invented. */
    private static void inputs(LedgerView before, JsonNode inputs, String where, CheckFindings findings) {
        Map<String, String> expected = new HashMap<>();
        for (LedgerView.Attestation a : before.attestations()) {
            if (a.envelope() != null) {
                expected.put(a.path(), ReleaseDecision.envelopeSha256(a));
            }
        }
        expected.put(ReleaseDecision.LEDGER_INPUT, before.head());
        Set<String> named = new LinkedHashSet<>();
        for (JsonNode in : inputs) {
            String uri = LedgerView.text(in.path("uri"));
            String sha = LedgerView.text(in.path("digest").path("sha256"));
            named.add(uri);
            if (!expected.containsKey(uri)) {
                findings.problem(where, "input " + uri + " is not an attestation recorded before the decision");
            } else if (!expected.get(uri).equals(sha)) {
                findings.problem(
                        where, "input " + uri + " has sha256 " + sha + ", the ledger says " + expected.get(uri));
            }
        }
        for (String uri : expected.keySet()) {
            if (!named.contains(uri)) {
                findings.problem(where, "leaves out " + uri + ", recorded before it");
            }
        }
    }

    private static void subjects(LedgerView before, JsonNode subjects, String where, CheckFindings findings) {
        Set<String> expected = new LinkedHashSet<>();
        before.signatures().forEach(s -> expected.add(s.artifact() + "@" + s.sha256()));
        // an image is a subject as cosign attest names it: its repository and manifest digest
        // (ReleaseEvidence.subjects)
        before.imageSignatures()
                .forEach(s -> expected.add(s.repository() + "@" + s.digest().replaceFirst("^sha256:", "")));
        Set<String> named = new LinkedHashSet<>();
        subjects.forEach(s -> named.add(LedgerView.text(s.path("name")) + "@"
                + LedgerView.text(s.path("digest").path("sha256"))));
        if (!expected.equals(named)) {
            findings.problem(
                    where, "its subjects " + named + " are not the artifacts and images signed before it " + expected);
        }
    }

    /** Each deployment follows a passed decision for its environment (the latest one for it before the deployment). */
    private static void deployments(LedgerView ledger, List<Decision> decisions, CheckFindings findings) {
        for (LedgerEvent e : ledger.ofType(EventType.DEPLOYMENT)) {
            String env = LedgerView.text(e.payload().path("environment"));
            Decision latest = null;
            for (Decision d : decisions) {
                if (d.seq() < e.seq() && d.environment().equals(env)) {
                    latest = d;
                }
            }
            String where = SealedBundle.LEDGER + " (seq " + e.seq() + ", deployment)";
            if (latest == null) {
                findings.problem(
                        where,
                        "deployed to " + (env.isEmpty() ? "an unnamed environment" : env)
                                + " without a release decision for it; decisions recorded: "
                                + String.join(
                                        ", ",
                                        decisions.stream()
                                                .map(d -> d.environment() + " (seq " + d.seq() + ")")
                                                .toList()));
            } else if (!latest.passed()) {
                findings.problem(
                        where,
                        "deployed to " + env + " although the release decision at seq " + latest.seq() + " FAILED");
            }
        }
    }
}
