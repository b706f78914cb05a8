package io.jenkins.plugins.relgov.evidence;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jenkins.plugins.relgov.gate.CheckStatus;
import io.jenkins.plugins.relgov.gate.GateJson;
import io.jenkins.plugins.relgov.gate.GateResult;
import java.util.ArrayList;
import java.util.List;

/**
 * How a gate's evaluation enters a release's ledger, in one shape whoever writes it (the Jenkins step,
 * {@code relgov demo}): one {@code gate-evaluated} event per check that applies, so a waiver, a measurement and a
 * re-evaluation are each the check's own, and the last result of a check is the one that counts.
 *
 * <pre>{@code
 * {"gate": "coverage.line", "passed": true, "controls": ["..."],
 *  "detail": {"id": "coverage.line", "status": "PASS", "blocking": false, "measured": "93.1%", "threshold": ">= 90%",
 *             "rule": "gates.lineCoverage", "reason": "...", "waiver": {...} (only when one applied),
 *             "evaluatedAt": "...", "attempts": 1,
 *             "policy": "inopsio", "tier": "minor", "environment": "production", "branch": "main",
 *             "outcome": "PASSED", "onFailure": "FAIL"}}
 * }</pre>
 *
 * {@code passed} is the check's: false only when it blocks the gate (a waived failure passes, with its waiver).
 * The last six fields of {@code detail} are the gate's, as {@link GateJson} writes them.
 */
public final class GateEvidence {

    private GateEvidence() {}

    /** The payload of one {@code gate-evaluated} event; {@code detail} is what was measured (and any waiver), or null. */
    public static ObjectNode evaluated(String gate, boolean passed, List<String> controls, JsonNode detail) {
        ObjectNode p = LedgerEvent.JSON.createObjectNode().put("gate", gate).put("passed", passed);
        p.set("controls", LedgerEvent.JSON.valueToTree(controls));
        p.set("detail", detail == null ? LedgerEvent.JSON.createObjectNode() : detail);
        return p;
    }

    /**
     * The payloads of a gate's evaluation, one per check in the result's order; a check that does not apply is left
     * out. {@code attempts} is how many evaluations it took (re-evaluation), this one included.
     */
    public static List<ObjectNode> checks(GateResult result, List<String> controls, int attempts) {
        ObjectNode gate = GateJson.tree(result);
        List<ObjectNode> out = new ArrayList<>();
        for (JsonNode check : gate.path("checks")) {
            if (CheckStatus.NOT_APPLICABLE.name().equals(check.path("status").asText())) {
                continue;
            }
            ObjectNode detail = ((ObjectNode) check).deepCopy();
            detail.put("evaluatedAt", gate.path("evaluatedAt").asText()).put("attempts", attempts);
            for (String field : List.of("policy", "tier", "environment", "branch", "outcome", "onFailure")) {
                detail.set(field, gate.get(field));
            }
            out.add(evaluated(check.path("id").asText(), !check.path("blocking").asBoolean(), controls, detail));
        }
        return out;
    }
}
