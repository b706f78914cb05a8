package io.jenkins.plugins.relgov.evidence;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jenkins.plugins.relgov.json.CanonicalJson;
import java.io.IOException;

/**
 * What the release's one signature covers: the ledger head (and so, through the chain, every event),
 * the number of events, and the manifest's digest (and so every file in the bundle).
 * Written as RFC 8785 canonical JSON in {@code seal.json}; signed in {@code seal.json.sig}.
 */
public record Seal(String ledgerHead, long ledgerEvents, String manifestSha256, String keyFingerprint) {
    public static final String FORMAT = "relgov-seal/v1";

    static Seal of(String head, long events, String manifestSha256, String keyFingerprint) {
        return new Seal(head, events, manifestSha256, keyFingerprint);
    }

    public byte[] toBytes() {
        ObjectNode n = LedgerEvent.JSON.createObjectNode();
        n.put("format", FORMAT)
                .put("ledgerHead", ledgerHead)
                .put("ledgerEvents", ledgerEvents)
                .put("manifestSha256", manifestSha256)
                .put("keyFingerprint", keyFingerprint);
        return CanonicalJson.toBytes(n);
    }

    public static Seal parse(byte[] bytes, String source) {
        JsonNode n;
        try {
            n = LedgerEvent.JSON.readTree(bytes);
        } catch (IOException e) {
            throw EvidenceException.at(source, "not valid JSON");
        }
        if (n == null || !FORMAT.equals(n.path("format").asText())) {
            throw EvidenceException.at(source, "format is not " + FORMAT);
        }
        for (String f : new String[] {"ledgerHead", "manifestSha256", "keyFingerprint"}) {
            if (!Ledger.isHexSha256(n.path(f).asText(""))) {
                throw EvidenceException.at(source, f + " is not a hex SHA-256");
            }
        }
        if (!n.path("ledgerEvents").canConvertToExactIntegral()) {
            throw EvidenceException.at(source, "ledgerEvents is not an integer");
        }
        return new Seal(
                n.get("ledgerHead").asText(),
                n.get("ledgerEvents").asLong(),
                n.get("manifestSha256").asText(),
                n.get("keyFingerprint").asText());
    }
}
