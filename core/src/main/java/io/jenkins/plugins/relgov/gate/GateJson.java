package io.jenkins.plugins.relgov.gate;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jenkins.plugins.relgov.policy.Waiver;
import java.io.UncheckedIOException;

/** The gate result as JSON (CLI {@code --json}, and the {@code gate-result} evidence record). */
public final class GateJson {
    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private GateJson() {}

    public static ObjectNode tree(GateResult r) {
        ObjectNode o = MAPPER.createObjectNode();
        o.put("policy", r.policy());
        o.put("tier", r.tier());
        o.put("environment", r.environment());
        o.put("branch", r.branch());
        o.put("evaluatedAt", r.evaluatedAt().toString());
        o.put("outcome", r.outcome().name());
        o.put("passed", r.passed());
        o.put("onFailure", r.onFailure().name());
        ArrayNode checks = o.putArray("checks");
        for (CheckResult c : r.checks()) {
            ObjectNode n = checks.addObject();
            n.put("id", c.id());
            n.put("status", c.status().name());
            n.put("blocking", c.blocking());
            n.put("measured", c.measured());
            n.put("threshold", c.threshold());
            n.put("rule", c.rule());
            n.put("reason", c.reason());
            if (c.waiver() != null) {
                n.set("waiver", waiver(c.waiver()));
            }
        }
        return o;
    }

    public static ObjectNode tree(GateHistory h) {
        ObjectNode o = MAPPER.createObjectNode();
        o.put("started", h.started().toString());
        o.put("attempts", h.attempts().size());
        o.set("result", tree(h.last()));
        ArrayNode all = o.putArray("history");
        h.attempts().forEach(a -> all.add(tree(a)));
        return o;
    }

    public static String json(GateResult r) {
        return write(tree(r));
    }

    public static String json(GateHistory h) {
        return write(tree(h));
    }

    private static ObjectNode waiver(Waiver w) {
        ObjectNode n = MAPPER.createObjectNode();
        n.put("check", w.check());
        n.put("acceptedBy", w.acceptedBy());
        n.put("reason", w.reason());
        n.put("expires", w.expires().toString());
        n.put("reference", w.reference());
        return n;
    }

    private static String write(ObjectNode n) {
        try {
            return MAPPER.writeValueAsString(n);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
