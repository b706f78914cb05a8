package io.jenkins.plugins.relgov.evidence;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * A file kept as evidence: its path inside the bundle's {@code evidence/} folder, digest and size,
 * the evidence kind and the compliance controls it supports.
 */
public record EvidenceFile(String path, String sha256, long size, String kind, List<String> controls) {
    public EvidenceFile {
        controls = List.copyOf(controls);
    }

    /** The {@code evidence-recorded} payload: {@code kind}, {@code controls}, {@code file {path, sha256, size}}. */
    public ObjectNode toPayload() {
        ObjectNode p = LedgerEvent.JSON.createObjectNode();
        p.put("kind", kind);
        p.set("controls", LedgerEvent.JSON.valueToTree(controls));
        p.putObject("file").put("path", path).put("sha256", sha256).put("size", size);
        return p;
    }
}
