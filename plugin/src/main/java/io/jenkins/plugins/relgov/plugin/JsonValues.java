package io.jenkins.plugins.relgov.plugin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Collection;
import java.util.Map;

/**
 * Turns what a Pipeline script passes ({@code data: [risk: 'low', items: [1, 2]]}: maps, lists, strings,
 * GStrings, numbers, booleans) into JSON without bean introspection, so nothing but plain data is recorded.
 */
final class JsonValues {

    private static final JsonNodeFactory F = JsonNodeFactory.instance;
    private static final int MAX_DEPTH = 32;

    private JsonValues() {}

    static JsonNode of(Object value) {
        return of(value, 0);
    }

    private static JsonNode of(Object v, int depth) {
        if (depth > MAX_DEPTH) {
            throw new IllegalArgumentException("data is nested deeper than " + MAX_DEPTH + " levels");
        }
        if (v == null) {
            return F.nullNode();
        }
        if (v instanceof Map<?, ?> m) {
            ObjectNode o = F.objectNode();
            m.forEach((k, x) -> o.set(String.valueOf(k), of(x, depth + 1)));
            return o;
        }
        if (v instanceof Collection<?> c) {
            ArrayNode a = F.arrayNode();
            c.forEach(x -> a.add(of(x, depth + 1)));
            return a;
        }
        if (v instanceof Object[] arr) {
            ArrayNode a = F.arrayNode();
            for (Object x : arr) {
                a.add(of(x, depth + 1));
            }
            return a;
        }
        if (v instanceof Boolean b) {
            return F.booleanNode(b);
        }
        if (v instanceof Integer || v instanceof Long || v instanceof Short || v instanceof Byte) {
            return F.numberNode(((Number) v).longValue());
        }
        if (v instanceof BigInteger bi) {
            return F.numberNode(bi);
        }
        if (v instanceof BigDecimal bd) {
            return F.numberNode(bd);
        }
        if (v instanceof Number n) {
            return F.numberNode(n.doubleValue());
        }
        return F.textNode(v.toString()); // strings, GStrings, enums, dates
    }
}
