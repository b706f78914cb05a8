package io.jenkins.plugins.relgov.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.nio.charset.StandardCharsets;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CanonicalJsonTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static JsonNode parse(String json) throws Exception {
        return JSON.readTree(json);
    }

    /** RFC 8785 Appendix B: IEEE 754 bit patterns and their canonical text. */
    @ParameterizedTest
    @CsvSource({
        "0000000000000000, 0",
        "8000000000000000, 0",
        "0000000000000001, 5e-324",
        "8000000000000001, -5e-324",
        "7fefffffffffffff, 1.7976931348623157e+308",
        "ffefffffffffffff, -1.7976931348623157e+308",
        "4340000000000000, 9007199254740992",
        "c340000000000000, -9007199254740992",
        "4430000000000000, 295147905179352830000",
        "44b52d02c7e14af5, 9.999999999999997e+22",
        "44b52d02c7e14af6, 1e+23",
        "44b52d02c7e14af7, 1.0000000000000001e+23",
        "444b1ae4d6e2ef4e, 999999999999999700000",
        "444b1ae4d6e2ef4f, 999999999999999900000",
        "444b1ae4d6e2ef50, 1e+21",
        "3eb0c6f7a0b5ed8c, 9.999999999999997e-7",
        "3eb0c6f7a0b5ed8d, 0.000001",
        "41b3de4355555553, 333333333.3333332",
        "41b3de4355555554, 333333333.33333325",
        "41b3de4355555555, 333333333.3333333",
        "41b3de4355555556, 333333333.3333334",
        "41b3de4355555557, 333333333.33333343",
        "becbf647612f3696, -0.0000033333333333333333",
        "43143ff3c1cb0959, 1424953923781206.2",
    })
    void formatsNumbersLikeTheRfcTable(String bits, String expected) {
        double d = Double.longBitsToDouble(Long.parseUnsignedLong(bits, 16));
        assertThat(CanonicalJson.formatDouble(d)).isEqualTo(expected);
        assertThat(CanonicalJson.toCanonicalString(JsonNodeFactory.instance.numberNode(d)))
                .isEqualTo(expected);
    }

    @Test
    void refusesNanAndInfinity() {
        assertThatThrownBy(() -> CanonicalJson.formatDouble(Double.NaN)).hasMessageContaining("NaN");
        assertThatThrownBy(() -> CanonicalJson.toBytes(JSON.createObjectNode().put("x", Double.POSITIVE_INFINITY)))
                .hasMessageContaining("Infinity")
                .hasMessageContaining("'/x'");
    }

    /** RFC 8785 §3.2.2 example: numbers, string escaping and literals together. */
    @Test
    void canonicalizesTheRfcSampleObject() throws Exception {
        String input = """
                {
                  "numbers": [333333333.33333329, 1E30, 4.50, 2e-3, 0.000000000000000000000000001],
                  "string": "\\u20ac$\\u000F\\u000aA'\\u0042\\u0022\\u005c\\\\\\"\\/",
                  "literals": [null, true, false]
                }""";
        String expected = "{\"literals\":[null,true,false],\"numbers\":[333333333.3333333,1e+30,4.5,0.002,1e-27],"
                + "\"string\":\"€$\\u000f\\nA'B\\\"\\\\\\\\\\\"/\"}";
        assertThat(CanonicalJson.toCanonicalString(parse(input))).isEqualTo(expected);
        // the RFC's UTF-8 bytes for that output
        byte[] bytes = CanonicalJson.toBytes(parse(input));
        assertThat(bytes).startsWith("{\"literals\":".getBytes(StandardCharsets.US_ASCII));
        assertThat(new String(bytes, StandardCharsets.UTF_8)).contains("\"€$");
    }

    /** RFC 8785 §3.2.3: property names sorted by UTF-16 code units, recursively. */
    @Test
    void sortsKeysByUtf16CodeUnitsLikeTheRfc() throws Exception {
        String input = """
                {
                  "\\u20ac": "Euro Sign",
                  "\\r": "Carriage Return",
                  "\\ufb33": "Hebrew Letter Dalet With Dagesh",
                  "1": "One",
                  "\\ud83d\\ude00": "Emoji: Grinning Face",
                  "\\u0080": "Control",
                  "\\u00f6": "Latin Small Letter O With Diaeresis"
                }""";
        String out = CanonicalJson.toCanonicalString(parse(input));
        assertThat(out)
                .isEqualTo("{\"\\r\":\"Carriage Return\",\"1\":\"One\",\"\u0080\":\"Control\","
                        + "\"ö\":\"Latin Small Letter O With Diaeresis\",\"€\":\"Euro Sign\","
                        + "\"\ud83d\ude00\":\"Emoji: Grinning Face\",\"\ufb33\":\"Hebrew Letter Dalet With Dagesh\"}");
    }

    @Test
    void sortsNestedObjectsAndDropsWhitespace() throws Exception {
        assertThat(CanonicalJson.toCanonicalString(parse("{ \"b\" : [ {\"z\":1, \"a\":2} ], \"a\" : {} }")))
                .isEqualTo("{\"a\":{},\"b\":[{\"a\":2,\"z\":1}]}");
    }

    @Test
    void digestIgnoresFormattingAndKeyOrder() throws Exception {
        String a = CanonicalJson.sha256Hex(parse("{\"a\":1,\"b\":[1.0,\"x\"]}"));
        String b = CanonicalJson.sha256Hex(parse("{\n  \"b\": [1, \"x\"],\n  \"a\": 1e0\n}"));
        assertThat(a).isEqualTo(b).hasSize(64).matches("[0-9a-f]{64}");
        // sha256 of the literal canonical text, computed independently: printf '{"a":1,"b":[1,"x"]}' | sha256sum
        assertThat(a).isEqualTo("677ba3966fe15b482a9751f84bc33a0571252aae740dd82f55c8b9dcc2554334");
    }

    @Test
    void refusesIntegersNoDoubleHoldsButKeepsExactOnes() throws Exception {
        assertThat(CanonicalJson.toCanonicalString(parse("[295147905179352825856, 9007199254740993e0]")))
                .isEqualTo("[295147905179352830000,9007199254740992]");
        assertThatThrownBy(() -> CanonicalJson.toBytes(parse("{\"n\":[9007199254740993]}")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("9007199254740993")
                .hasMessageContaining("'/n/0'");
    }

    @Property(tries = 500)
    void memberOrderNeverMatters(@ForAll("names") java.util.List<String> names) {
        // objects already in order are written without sorting: every insertion order must give the same bytes
        var forward = JSON.createObjectNode();
        var backward = JSON.createObjectNode();
        var sorted = JSON.createObjectNode();
        for (int i = 0; i < names.size(); i++) {
            forward.put(names.get(i), names.get(i).length());
            backward.put(
                    names.get(names.size() - 1 - i),
                    names.get(names.size() - 1 - i).length());
        }
        new java.util.TreeSet<>(names).forEach(n -> sorted.put(n, n.length()));
        String canonical = CanonicalJson.toCanonicalString(sorted);
        assertThat(CanonicalJson.toCanonicalString(forward)).isEqualTo(canonical);
        assertThat(CanonicalJson.toCanonicalString(backward)).isEqualTo(canonical);
        assertThat(CanonicalJson.toCanonicalString(
                        JSON.createArrayNode().add(forward).add(backward)))
                .isEqualTo("[" + canonical + "," + canonical + "]");
    }

    @net.jqwik.api.Provide
    net.jqwik.api.Arbitrary<java.util.List<String>> names() {
        return net.jqwik.api.Arbitraries.strings()
                .withChars("aAbZ\u00e9\uff21\u0080~/")
                .ofMaxLength(3)
                .list()
                .uniqueElements()
                .ofMaxSize(8);
    }

    @Test
    void errorsNameTheValueByJsonPointer() throws Exception {
        // RFC 6901 escapes in names, indices in arrays, siblings before the bad value leave no trace
        assertThatThrownBy(() -> CanonicalJson.toBytes(
                        parse("{\"a/b\":{\"c~d\":[1,{\"x\":2,\"y\":[3,9007199254740993]}]},\"z\":0}")))
                .hasMessageContaining("'/a~1b/c~0d/1/y/1'");
        assertThatThrownBy(() -> CanonicalJson.toBytes(parse("9007199254740993")))
                .hasMessageContaining("at ''");
        assertThatThrownBy(() ->
                        CanonicalJson.toBytes(JSON.createArrayNode().add(1).add(Double.NaN)))
                .hasMessageContaining("'/1'");
    }

    @Test
    void refusesLoneSurrogates() {
        var node = JSON.createObjectNode().put("k", "a\ud800b");
        assertThatThrownBy(() -> CanonicalJson.toBytes(node))
                .hasMessageContaining("U+D800")
                .hasMessageContaining("'/k'");
    }

    @Test
    void escapesOnlyWhatJsonRequires() {
        var node = JsonNodeFactory.instance.textNode("\u0000\u001f\b\f\n\r\t\"\\/<>é\u2028");
        assertThat(CanonicalJson.toCanonicalString(node))
                .isEqualTo("\"\\u0000\\u001f\\b\\f\\n\\r\\t\\\"\\\\/<>é\u2028\"");
    }

    /** The canonical text of any finite double parses back to the same double, and is canonical itself. */
    @Property(tries = 1000)
    void numbersRoundTrip(@ForAll double d) throws Exception {
        if (!Double.isFinite(d)) {
            return;
        }
        String text = CanonicalJson.formatDouble(d);
        assertThat(Double.parseDouble(text)).isEqualTo(d == 0 ? 0.0 : d);
        assertThat(CanonicalJson.toCanonicalString(parse(text))).isEqualTo(text);
    }

    /** Shortest: no decimal with fewer significant digits reads back as the same double. */
    @Property(tries = 500)
    void numbersAreShortest(@ForAll double d) {
        if (!Double.isFinite(d) || d == 0) {
            return;
        }
        String text = CanonicalJson.formatDouble(d);
        String mantissa = text.replaceFirst("^-", "")
                .replaceFirst("e.*$", "")
                .replace(".", "")
                .replaceFirst("^0+", "")
                .replaceFirst("0+$", "");
        int digits = mantissa.length();
        if (digits > 1) {
            var exact = new java.math.BigDecimal(d);
            for (var mode :
                    new java.math.RoundingMode[] {java.math.RoundingMode.FLOOR, java.math.RoundingMode.CEILING}) {
                assertThat(exact.round(new java.math.MathContext(digits - 1, mode))
                                .doubleValue())
                        .isNotEqualTo(d);
            }
        }
    }
}
