package io.jenkins.plugins.relgov.evidence;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * A verification as JSON, for auditors' scripts ({@code relgov verify --json}); the schema is
 * documented in the auditor guide. Every check appears, with its status, message and every finding
 * (no cap, unlike the console); {@code release} is the story, or null when integrity does not hold.
 */
public final class VerificationJson {
    public static final String FORMAT = "relgov-verification/v1";
    /** The result of a bundle that could not be read at all (exit code 2). */
    public static final String UNUSABLE = "UNUSABLE";

    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private VerificationJson() {}

    public static ObjectNode tree(VerificationReport r) {
        ObjectNode o = MAPPER.createObjectNode();
        o.put("format", FORMAT);
        o.put("bundle", r.bundle());
        o.put("result", r.result().name());
        o.put("verdict", r.verdict());
        o.putObject("key").put("fingerprint", r.keyFingerprint()).put("trusted", r.keyTrusted());
        o.put("problemCount", r.problems().size());
        ArrayNode checks = o.putArray("checks");
        for (CheckOutcome c : r.checks()) {
            ObjectNode n = checks.addObject();
            n.put("id", c.id());
            n.put("label", c.label());
            n.put("status", c.status().name());
            n.put("message", c.message());
            findings(n.putArray("problems"), c.problems());
            findings(n.putArray("warnings"), c.warnings());
        }
        o.set("release", r.story() == null ? MAPPER.nullNode() : MAPPER.valueToTree(r.story()));
        return o;
    }

    /** For a bundle that is not usable at all: no checks ran; {@code error} says why. */
    public static ObjectNode unusable(String bundle, String error) {
        ObjectNode o = MAPPER.createObjectNode();
        o.put("format", FORMAT);
        o.put("bundle", bundle);
        o.put("result", UNUSABLE);
        o.put("verdict", "UNUSABLE: " + error);
        o.put("error", error);
        return o;
    }

    public static String json(ObjectNode tree) {
        try {
            return MAPPER.writeValueAsString(tree);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write the verification as JSON", e);
        }
    }

    private static void findings(ArrayNode out, List<Finding> findings) {
        findings.forEach(f -> out.addObject().put("where", f.where()).put("what", f.what()));
    }
}
