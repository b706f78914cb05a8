package io.jenkins.plugins.relgov.analysis;

import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * What a measurement source returned: a vector ({@code double[]}) or a scalar ({@code Double}),
 * as conditions see it in {@code result}, and an optional note (e.g. why a health check got no answer).
 */
public record Sample(Object result, String note) {

    public Sample {
        if (!(result instanceof double[]) && !(result instanceof Double)) {
            throw new IllegalArgumentException("a sample is a double[] vector or a Double scalar");
        }
        result = result instanceof double[] v ? v.clone() : result;
    }

    public static Sample vector(double... values) {
        return new Sample(values.clone(), null);
    }

    public static Sample scalar(double value) {
        return new Sample(value, null);
    }

    /** A vector with no elements: the query matched no series. */
    public boolean isEmpty() {
        return result instanceof double[] v && v.length == 0;
    }

    /** The value as a condition sees it (a copy for vectors, so conditions cannot alter the sample). */
    public Object conditionInput() {
        return result instanceof double[] v ? v.clone() : result;
    }

    /** {@code [0.071]} for a vector, {@code 0.071} for a scalar. */
    public String display() {
        String shown = result instanceof double[] v
                ? Arrays.stream(v).mapToObj(Sample::format).collect(Collectors.joining(",", "[", "]"))
                : format((Double) result);
        return note == null ? shown : shown + " (" + note + ")";
    }

    /** Short, stable number formatting: NaN, +Inf, -Inf as Prometheus writes them, else up to 6 significant digits. */
    public static String format(double d) {
        if (Double.isNaN(d)) {
            return "NaN";
        }
        if (Double.isInfinite(d)) {
            return d > 0 ? "+Inf" : "-Inf";
        }
        return new java.math.BigDecimal(d)
                .round(new java.math.MathContext(6))
                .stripTrailingZeros()
                .toPlainString();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Sample s && display().equals(s.display());
    }

    @Override
    public int hashCode() {
        return display().hashCode();
    }

    @Override
    public String toString() {
        return display();
    }
}
