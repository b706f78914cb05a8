package io.jenkins.plugins.relgov.json;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * RFC 8785 JSON Canonicalization Scheme (JCS): one byte sequence per JSON value, so that a hash
 * names the value and not its formatting. Object members are sorted by the UTF-16 code units of
 * their names, numbers use the ECMAScript {@code Number.prototype.toString} form of their IEEE 754
 * double value, strings carry only the escapes JSON requires, and there is no whitespace.
 *
 * <p>Values JCS cannot represent faithfully are refused rather than silently altered: NaN and
 * infinities, integers outside the I-JSON range ±2<sup>53</sup> (a double would round them), and
 * strings holding a lone UTF-16 surrogate. Binary, POJO and missing nodes are refused as well.
 */
public final class CanonicalJson {

    private static final long MAX_SAFE_LONG = 1L << 53;
    private static final BigInteger MAX_SAFE = BigInteger.valueOf(MAX_SAFE_LONG);
    private static final MessageDigest SHA256 = lookUpSha256();

    private CanonicalJson() {}

    /** The canonical UTF-8 bytes of {@code node}. */
    public static byte[] toBytes(JsonNode node) {
        StringBuilder out = new StringBuilder(512);
        write(node, new Location(), out);
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** The canonical form as a Java string (handy in messages and tests). */
    public static String toCanonicalString(JsonNode node) {
        return new String(toBytes(node), StandardCharsets.UTF_8);
    }

    /** Lower-case hex SHA-256 of the canonical bytes of {@code node}. */
    public static String sha256Hex(JsonNode node) {
        return HexFormat.of().formatHex(sha256().digest(toBytes(node)));
    }

    private static MessageDigest sha256() {
        try {
            return (MessageDigest) SHA256.clone(); // cheaper than a provider lookup per ledger event
        } catch (CloneNotSupportedException e) {
            return lookUpSha256();
        }
    }

    private static MessageDigest lookUpSha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is mandatory in every JDK", e);
        }
    }

    /**
     * Where the writer is, as member names and array indices: the JSON Pointer string is only built
     * for an error message, so canonicalising a valid value allocates nothing per member for it.
     */
    private static final class Location {
        private String[] names = new String[16];
        private int[] indices = new int[16];
        private int depth;

        void push(String name, int index) {
            if (depth == names.length) {
                names = Arrays.copyOf(names, depth * 2);
                indices = Arrays.copyOf(indices, depth * 2);
            }
            names[depth] = name;
            indices[depth++] = index;
        }

        void pop() {
            depth--;
        }

        /** RFC 6901: "~" as "~0" and "/" as "~1" in names. */
        String pointer() {
            StringBuilder p = new StringBuilder();
            for (int i = 0; i < depth; i++) {
                p.append('/');
                if (names[i] != null) {
                    p.append(names[i].replace("~", "~0").replace("/", "~1"));
                } else {
                    p.append(indices[i]);
                }
            }
            return p.toString();
        }
    }

    private static void write(JsonNode node, Location at, StringBuilder out) {
        switch (node.getNodeType()) {
            case OBJECT -> {
                out.append('{');
                boolean first = true;
                for (Map.Entry<String, JsonNode> member : inNameOrder(node)) {
                    if (!first) {
                        out.append(',');
                    }
                    first = false;
                    at.push(member.getKey(), -1);
                    writeString(member.getKey(), at, out);
                    out.append(':');
                    write(member.getValue(), at, out);
                    at.pop();
                }
                out.append('}');
            }
            case ARRAY -> {
                out.append('[');
                Iterator<JsonNode> it = node.elements();
                for (int i = 0; it.hasNext(); i++) {
                    if (i > 0) {
                        out.append(',');
                    }
                    at.push(null, i);
                    write(it.next(), at, out);
                    at.pop();
                }
                out.append(']');
            }
            case STRING -> writeString(node.textValue(), at, out);
            case NUMBER -> number(node, at, out);
            case BOOLEAN -> out.append(node.booleanValue());
            case NULL -> out.append("null");
            default ->
                throw new IllegalArgumentException("JSON canonicalization: unsupported " + node.getNodeType()
                        + " value at '" + at.pointer() + "'");
        }
    }

    /**
     * The members sorted by name. String.compareTo compares UTF-16 code units, exactly what RFC 8785
     * §3.2.3 asks for. Objects read back from canonical JSON are sorted already: they are iterated
     * as they are, without copying.
     */
    private static Iterable<Map.Entry<String, JsonNode>> inNameOrder(JsonNode node) {
        String previous = null;
        for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (previous != null && previous.compareTo(name) > 0) {
                List<Map.Entry<String, JsonNode>> sorted = new ArrayList<>(node.properties());
                sorted.sort(Map.Entry.comparingByKey());
                return sorted;
            }
            previous = name;
        }
        return node.properties();
    }

    private static void number(JsonNode node, Location at, StringBuilder out) {
        if (node.isInt() || node.isLong()) {
            long v = node.longValue();
            if (v >= -MAX_SAFE_LONG && v <= MAX_SAFE_LONG) {
                out.append(v); // the common case (sequence numbers, sizes) without a BigInteger
                return;
            }
        }
        out.append(anyNumber(node, at));
    }

    private static String anyNumber(JsonNode node, Location at) {
        if (node.isIntegralNumber()) {
            BigInteger value = node.bigIntegerValue();
            if (value.abs().compareTo(MAX_SAFE) <= 0) {
                return value.toString();
            }
            // JCS reads every number as a double. Accept a big integer when that loses nothing visible:
            // the double is exact, or its canonical text is the literal itself (so canonical output
            // canonicalizes to itself). Otherwise the hash would silently name another number.
            double d = value.doubleValue();
            String text = Double.isFinite(d) ? formatDouble(d) : null;
            if (text == null
                    || !text.equals(value.toString())
                            && !new BigDecimal(d).toBigIntegerExact().equals(value)) {
                throw new IllegalArgumentException("JSON canonicalization: integer " + value + " at '" + at.pointer()
                        + "' has no exact IEEE 754 double and would be rounded; write it as a string");
            }
            return text;
        }
        double d = node.doubleValue();
        if (!Double.isFinite(d)) {
            throw new IllegalArgumentException(
                    "JSON canonicalization: " + d + " at '" + at.pointer() + "' is not a JSON number");
        }
        return formatDouble(d);
    }

    /**
     * ECMAScript {@code Number.prototype.toString(10)} (ECMA-262 §6.1.6.1.20), which RFC 8785 §3.2.2.3
     * adopts: the shortest decimal that reads back as {@code d}, the closest one when several are
     * equally short, laid out plainly for exponents in [-6, 21) and in e-notation otherwise.
     */
    public static String formatDouble(double d) {
        if (!Double.isFinite(d)) {
            throw new IllegalArgumentException(d + " is not a JSON number");
        }
        if (d == 0) {
            return "0"; // also -0
        }
        if (d == Math.rint(d) && Math.abs(d) < 0x1p53) {
            return Long.toString((long) d); // integral and exact: the plain digits are the shortest form
        }
        String sign = d < 0 ? "-" : "";
        BigDecimal shortest = shortest(Math.abs(d));
        String digits = shortest.unscaledValue().toString();
        int k = digits.length();
        int n = k - shortest.scale(); // value = digits × 10^(n-k)
        StringBuilder s = new StringBuilder(sign);
        if (k <= n && n <= 21) {
            s.append(digits).append("0".repeat(n - k));
        } else if (0 < n && n <= 21) {
            s.append(digits, 0, n).append('.').append(digits, n, k);
        } else if (-6 < n && n <= 0) {
            s.append("0.").append("0".repeat(-n)).append(digits);
        } else {
            int e = n - 1;
            s.append(digits.charAt(0));
            if (k > 1) {
                s.append('.').append(digits, 1, k);
            }
            s.append('e').append(e < 0 ? '-' : '+').append(Math.abs(e));
        }
        return s.toString();
    }

    /**
     * The shortest decimal (trailing zeros stripped) that parses back to {@code d > 0}; closest wins, then even.
     *
     * <p>Java 17's {@code Double.toString} always reads back correctly but is sometimes a digit longer
     * than the shortest, so its length bounds the search, which then walks down while a shorter
     * decimal still reads back (if p digits can, p + 1 can too). Candidates are rounded from a
     * 25-digit approximation rather than the exact binary value, which has hundreds of digits for
     * large exponents: no decimal of at most 17 digits lies strictly between the two, so the
     * candidates are the same; only a tie in closeness is settled against the exact value.
     */
    private static BigDecimal shortest(double d) {
        BigDecimal exact = new BigDecimal(d);
        BigDecimal approx = exact.round(new MathContext(25, RoundingMode.HALF_EVEN));
        int precision = new BigDecimal(Double.toString(d)).stripTrailingZeros().precision();
        BigDecimal best = closest(d, exact, approx, precision);
        if (best == null) {
            throw new IllegalStateException("Double.toString does not read back: " + d);
        }
        while (precision > 1) {
            BigDecimal shorter = closest(d, exact, approx, precision - 1);
            if (shorter == null) {
                break;
            }
            best = shorter;
            precision--;
        }
        return best.stripTrailingZeros();
    }

    /** The decimal of {@code precision} digits nearest {@code d} that reads back as {@code d}, or null. */
    private static BigDecimal closest(double d, BigDecimal exact, BigDecimal approx, int precision) {
        BigDecimal floor = approx.round(new MathContext(precision, RoundingMode.FLOOR));
        BigDecimal ceiling = approx.round(new MathContext(precision, RoundingMode.CEILING));
        boolean floorOk = floor.doubleValue() == d;
        boolean ceilingOk = ceiling.compareTo(floor) != 0 && ceiling.doubleValue() == d;
        if (floorOk && ceilingOk) {
            int cmp = floor.subtract(approx)
                    .abs()
                    .compareTo(ceiling.subtract(approx).abs());
            if (cmp == 0) {
                cmp = floor.subtract(exact)
                        .abs()
                        .compareTo(ceiling.subtract(exact).abs());
            }
            if (cmp == 0) {
                cmp = floor.unscaledValue().testBit(0) ? 1 : -1; // ECMAScript: the even one
            }
            return cmp <= 0 ? floor : ceiling;
        }
        return floorOk ? floor : ceilingOk ? ceiling : null;
    }

    private static void writeString(String s, Location at, StringBuilder out) {
        out.append('"');
        // most strings need no escape: copy the clean prefix in one go, then go character by character
        int clean = 0;
        while (clean < s.length()) {
            char c = s.charAt(clean);
            if (c < 0x20 || c == '"' || c == '\\' || Character.isSurrogate(c)) {
                break;
            }
            clean++;
        }
        if (clean == s.length()) {
            out.append(s).append('"'); // a bulk copy; append(s, 0, n) would copy char by char
            return;
        }
        out.append(s, 0, clean);
        for (int i = clean; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else if (Character.isHighSurrogate(c)
                            && i + 1 < s.length()
                            && Character.isLowSurrogate(s.charAt(i + 1))) {
                        out.append(c).append(s.charAt(++i));
                    } else if (Character.isSurrogate(c)) {
                        throw new IllegalArgumentException("JSON canonicalization: lone UTF-16 surrogate U+"
                                + HexFormat.of().withUpperCase().toHexDigits(c) + " in a string at '" + at.pointer()
                                + "'");
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }
}
