package io.jenkins.plugins.relgov.policy;

import java.util.Locale;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A comparison against a limit, written in policies the way people say it: {@code "> 90%"},
 * {@code "< 2%"}, {@code "> 10s"}, {@code "< 500ms"}, {@code "<= 0"}. Percentages keep their
 * percent value (90, not 0.9); durations are held in milliseconds.
 */
public record Threshold(Comparison comparison, double value, Unit unit) {

    public enum Comparison {
        GT(">"),
        GE(">="),
        LT("<"),
        LE("<="),
        EQ("=");

        private final String symbol;

        Comparison(String symbol) {
            this.symbol = symbol;
        }

        public String symbol() {
            return symbol;
        }

        boolean test(double measured, double limit) {
            return switch (this) {
                case GT -> measured > limit;
                case GE -> measured >= limit;
                case LT -> measured < limit;
                case LE -> measured <= limit;
                case EQ -> measured == limit;
            };
        }
    }

    public enum Unit {
        PERCENT("%"),
        MILLISECONDS("ms"),
        NUMBER("");

        private final String suffix;

        Unit(String suffix) {
            this.suffix = suffix;
        }

        public String suffix() {
            return suffix;
        }
    }

    private static final Pattern SYNTAX =
            Pattern.compile("\\s*(>=|<=|>|<|=)\\s*([0-9]+(?:\\.[0-9]+)?)\\s*(%|ms|s|m|h)?\\s*");

    public Threshold {
        Objects.requireNonNull(comparison, "comparison");
        Objects.requireNonNull(unit, "unit");
    }

    /**
     * Parses {@code "> 90%"} and its kin.
     *
     * @throws IllegalArgumentException naming what was expected
     */
    public static Threshold parse(String text) {
        Matcher m = SYNTAX.matcher(text == null ? "" : text);
        if (!m.matches()) {
            throw new IllegalArgumentException(
                    "expected a comparison such as '> 90%', '< 500ms' or '<= 0', got '" + text + "'");
        }
        Comparison c =
                switch (m.group(1)) {
                    case ">" -> Comparison.GT;
                    case ">=" -> Comparison.GE;
                    case "<" -> Comparison.LT;
                    case "<=" -> Comparison.LE;
                    default -> Comparison.EQ;
                };
        double v = Double.parseDouble(m.group(2));
        String suffix = m.group(3) == null ? "" : m.group(3).toLowerCase(Locale.ROOT);
        return switch (suffix) {
            case "%" -> new Threshold(c, v, Unit.PERCENT);
            case "ms" -> new Threshold(c, v, Unit.MILLISECONDS);
            case "s" -> new Threshold(c, v * 1_000, Unit.MILLISECONDS);
            case "m" -> new Threshold(c, v * 60_000, Unit.MILLISECONDS);
            case "h" -> new Threshold(c, v * 3_600_000, Unit.MILLISECONDS);
            default -> new Threshold(c, v, Unit.NUMBER);
        };
    }

    /** True when {@code measured} (in this threshold's unit) satisfies the comparison. */
    public boolean test(double measured) {
        return comparison.test(measured, value);
    }

    /** The limit as a ratio for percentages (2% gives 0.02), else the value itself. */
    public double valueAsRatio() {
        return unit == Unit.PERCENT ? value / 100.0 : value;
    }

    @Override
    public String toString() {
        String number = value == Math.rint(value) ? String.valueOf((long) value) : String.valueOf(value);
        return comparison.symbol() + " " + number + unit.suffix();
    }
}
