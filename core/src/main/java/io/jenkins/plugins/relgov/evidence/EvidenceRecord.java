package io.jenkins.plugins.relgov.evidence;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * A structured piece of evidence (risk assessment, CAB decision, change ticket, test summary, scan
 * result ...) stored in the ledger itself, tagged with the compliance controls it supports.
 */
public record EvidenceRecord(String kind, JsonNode data, List<String> controls) {
    public EvidenceRecord {
        controls = List.copyOf(controls);
    }

    /** The {@code evidence-recorded} payload: {@code kind}, {@code controls}, {@code record}. */
    public ObjectNode toPayload() {
        ObjectNode p = LedgerEvent.JSON.createObjectNode();
        p.put("kind", kind);
        p.set("controls", LedgerEvent.JSON.valueToTree(controls));
        p.set("record", data);
        return p;
    }
}
