package io.jenkins.plugins.relgov.evidence;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jenkins.plugins.relgov.json.CanonicalJson;
import java.nio.charset.StandardCharsets;

/**
 * One ledger line. Its hash is the SHA-256 of its RFC 8785 canonical JSON (all six fields,
 * {@code prev} included), so each event commits to the whole chain before it.
 *
 * @param seq     0-based position in the ledger
 * @param time    ISO-8601 instant, as recorded
 * @param type    an {@link EventType#wire()} name
 * @param actor   who caused it (user id, or {@code jenkins} for automatic steps)
 * @param payload the event's facts (a JSON object)
 * @param prev    hex SHA-256 of the previous event, or 64 zeros for the first
 */
public record LedgerEvent(long seq, String time, String type, String actor, JsonNode payload, String prev) {
    public static final String GENESIS = "0".repeat(64);
    static final ObjectMapper JSON = new ObjectMapper();

    /** The six fields, in canonical (sorted) order, so hashing every event of a ledger needs no sorting. */
    public ObjectNode toJson() {
        ObjectNode n = JSON.createObjectNode();
        n.put("actor", actor);
        n.set("payload", payload);
        n.put("prev", prev);
        n.put("seq", seq);
        n.put("time", time);
        n.put("type", type);
        return n;
    }

    /** The canonical line (no newline). */
    public String toLine() {
        return new String(CanonicalJson.toBytes(toJson()), StandardCharsets.UTF_8);
    }

    public String hash() {
        return CanonicalJson.sha256Hex(toJson());
    }

    public EventType eventType() {
        return EventType.of(type).orElseThrow(() -> new EvidenceException("unknown event type '" + type + "'"));
    }

    /** "seq 6, approval-decided": how messages name an event. */
    public String label() {
        return "seq " + seq + ", " + type;
    }
}
