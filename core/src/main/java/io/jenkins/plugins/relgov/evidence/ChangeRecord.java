package io.jenkins.plugins.relgov.evidence;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * What a pipeline author says about the change itself, the facts no step can find out: the change's id in the
 * ticketing system, why it is made, its security impact, who asked for it, how to back it out, and whether it is an
 * emergency change. Recorded as structured evidence of kind {@value #KIND} (in a pipeline:
 * {@code recordEvidence type: 'change-record', data: [id: 'CHG-1234', reason: '...', ...]}); a later record adds to or
 * overrides an earlier one field by field. Any field may be null: what is not given shows as missing in the summary,
 * in {@code relgov verify} and in the OSCAL export, and a policy can require it ({@link DerivedEvidence}).
 *
 * @param id             the change or ticket id, e.g. {@code CHG-1234}
 * @param reason         why the change is made
 * @param securityImpact its security impact, e.g. "none: UI text only" or "changes the session cookie's lifetime"
 * @param requester      who requested the change (a user id)
 * @param backoutPlan    how to return to the previous state, e.g. {@code make rollback ENV=production VERSION=v2.3.1}
 * @param emergency      true for an emergency change (approved after implementation), null when not said
 */
public record ChangeRecord(
        String id, String reason, String securityImpact, String requester, String backoutPlan, Boolean emergency) {
    /** The evidence kind a change record is recorded as. */
    public static final String KIND = "change-record";
    /** The record's field names, as the ledger and a pipeline's {@code data} spell them. */
    public static final List<String> FIELDS =
            List.of("id", "reason", "securityImpact", "requester", "backoutPlan", "emergency");

    public ChangeRecord {
        id = blankToNull(id);
        reason = blankToNull(reason);
        securityImpact = blankToNull(securityImpact);
        requester = blankToNull(requester);
        backoutPlan = blankToNull(backoutPlan);
    }

    /** The structured record as the ledger keeps it; fields not given are left out. */
    public ObjectNode toJson() {
        ObjectNode o = LedgerEvent.JSON.createObjectNode();
        put(o, "id", id);
        put(o, "reason", reason);
        put(o, "securityImpact", securityImpact);
        put(o, "requester", requester);
        put(o, "backoutPlan", backoutPlan);
        if (emergency != null) {
            o.put("emergency", emergency);
        }
        return o;
    }

    /** The {@code evidence-recorded} payload, tagged with the policy's controls for kind {@value #KIND}. */
    public ObjectNode toPayload(List<String> controls) {
        return new EvidenceRecord(KIND, toJson(), controls).toPayload();
    }

    /**
     * Reads a recorded change record leniently (the ledger is untrusted input): text fields as text, numbers too
     * (a YAML or Groovy author may write {@code id: 1234}), {@code emergency} from a boolean or "true"/"false".
     */
    static ChangeRecord read(JsonNode record) {
        JsonNode e = record.path("emergency");
        Boolean emergency = e.isBoolean()
                ? Boolean.valueOf(e.booleanValue())
                : e.isTextual()
                                && (e.asText().equalsIgnoreCase("true")
                                        || e.asText().equalsIgnoreCase("false"))
                        ? Boolean.valueOf(e.asText())
                        : null;
        return new ChangeRecord(
                text(record, "id"),
                text(record, "reason"),
                text(record, "securityImpact"),
                text(record, "requester"),
                text(record, "backoutPlan"),
                emergency);
    }

    private static String text(JsonNode record, String field) {
        JsonNode n = record.path(field);
        return n.isTextual() || n.isNumber() ? n.asText() : null;
    }

    private static void put(ObjectNode o, String field, String value) {
        if (value != null) {
            o.put(field, value);
        }
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }
}
