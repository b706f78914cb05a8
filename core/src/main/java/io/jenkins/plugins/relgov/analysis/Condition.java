package io.jenkins.plugins.relgov.analysis;

import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import org.apache.commons.jexl3.JexlArithmetic;
import org.apache.commons.jexl3.JexlBuilder;
import org.apache.commons.jexl3.JexlEngine;
import org.apache.commons.jexl3.JexlException;
import org.apache.commons.jexl3.JexlExpression;
import org.apache.commons.jexl3.JexlFeatures;
import org.apache.commons.jexl3.MapContext;
import org.apache.commons.jexl3.introspection.JexlPermissions;
import org.apache.commons.jexl3.introspection.JexlSandbox;

/**
 * A success or failure condition over a measurement's {@code result}, written as in Argo Rollouts
 * ({@code result[0] >= 0.95}, {@code len(result) == 0 || result[0] < 0.05}) and evaluated by Apache
 * Commons JEXL in a locked-down engine: no method calls, no object creation, no assignments, loops,
 * lambdas or literals that build collections, and a sandbox that only lets expressions index the result
 * array and call the functions below. {@code result} is a {@code double[]} for a vector and a
 * {@code Double} for a scalar. Numbers behave as Go's floats do in Argo's expr-lang: comparisons involving NaN
 * are false, and {@code /} is floating-point division ({@code 1 / 0} is +Inf, not an error).
 */
public final class Condition {

    private static final JexlEngine ENGINE = engine();

    private final String text;
    private final JexlExpression expression;

    private Condition(String text, JexlExpression expression) {
        this.text = text;
        this.expression = expression;
    }

    /**
     * Compiles a condition.
     *
     * @throws IllegalArgumentException naming the condition and what is wrong with it
     */
    public static Condition compile(String text) {
        Objects.requireNonNull(text, "condition");
        try {
            return new Condition(text.strip(), ENGINE.createExpression(text.strip()));
        } catch (JexlException e) {
            throw new IllegalArgumentException(
                    "condition '" + text.strip() + "' is not allowed or not valid: "
                            + e.getMessage().replaceFirst("^.*?@", "@"),
                    e);
        }
    }

    public String text() {
        return text;
    }

    /**
     * Evaluates the condition against a result.
     *
     * @throws ConditionException when evaluation fails (e.g. {@code result[0]} of an empty result) or
     *                            the condition does not give true or false
     */
    public boolean test(Object result) throws ConditionException {
        MapContext context = new MapContext();
        context.set("result", result);
        Object value;
        try {
            value = expression.evaluate(context);
        } catch (JexlException | ArithmeticException e) {
            throw new ConditionException("condition '" + text + "' could not be evaluated: "
                    + String.valueOf(e.getMessage()).replaceFirst("^.*?@", "@"));
        }
        if (value instanceof Boolean b) {
            return b;
        }
        throw new ConditionException("condition '" + text + "' gave " + value + ", not true or false");
    }

    @Override
    public String toString() {
        return text;
    }

    /** The functions conditions may call, beyond JEXL's own {@code size()} and {@code empty()}. */
    public static final class Functions {
        private Functions() {}

        /** Number of values in a vector result; 1 for a scalar (expr-lang's {@code len}). */
        public static int len(Object value) {
            if (value instanceof double[] values) {
                return values.length;
            }
            return value == null ? 0 : 1;
        }

        public static boolean isNaN(Object value) {
            return value instanceof Number n && Double.isNaN(n.doubleValue());
        }

        public static boolean isInf(Object value) {
            return value instanceof Number n && Double.isInfinite(n.doubleValue());
        }

        /** Argo's asFloat: a number from a string (or a number). */
        public static double asFloat(Object value) {
            return value instanceof Number n ? n.doubleValue() : Double.parseDouble(String.valueOf(value));
        }

        /** Argo's asInt: an integer from a string (or a number). */
        public static long asInt(Object value) {
            return value instanceof Number n ? n.longValue() : Long.parseLong(String.valueOf(value));
        }
    }

    /**
     * Go's float semantics, as in Argo's expr-lang: anything compared with NaN is false (JEXL would order NaN),
     * and {@code /} always divides as floating point, so {@code x / 0} is ±Inf (NaN for {@code 0 / 0}) rather
     * than an error, and {@code 7 / 2} is 3.5.
     */
    private static final class IeeeArithmetic extends JexlArithmetic {
        IeeeArithmetic() {
            super(true);
        }

        @Override
        public Object divide(Object l, Object r) {
            if (l instanceof Number a && r instanceof Number b) {
                return a.doubleValue() / b.doubleValue();
            }
            return super.divide(l, r);
        }

        private static boolean nan(Object o) {
            return (o instanceof Double d && d.isNaN()) || (o instanceof Float f && f.isNaN());
        }

        @Override
        public boolean lessThan(Object l, Object r) {
            return !nan(l) && !nan(r) && super.lessThan(l, r);
        }

        @Override
        public boolean greaterThan(Object l, Object r) {
            return !nan(l) && !nan(r) && super.greaterThan(l, r);
        }

        @Override
        public boolean lessThanOrEqual(Object l, Object r) {
            return !nan(l) && !nan(r) && super.lessThanOrEqual(l, r);
        }

        @Override
        public boolean greaterThanOrEqual(Object l, Object r) {
            return !nan(l) && !nan(r) && super.greaterThanOrEqual(l, r);
        }

        @Override
        public boolean equals(Object l, Object r) {
            return !nan(l) && !nan(r) && super.equals(l, r);
        }
    }

    private static JexlEngine engine() {
        JexlFeatures features = new JexlFeatures()
                .sideEffect(false)
                .sideEffectGlobal(false)
                .loops(false)
                .newInstance(false)
                .lambda(false)
                .methodCall(false)
                .pragma(false)
                .annotation(false)
                .script(false)
                .localVar(false)
                .structuredLiteral(false)
                .register(false);
        JexlSandbox sandbox = new JexlSandbox(false, false);
        sandbox.allow(Functions.class.getName());
        sandbox.block(double[].class.getName()).read().add("length");
        Map<String, Object> namespaces = new HashMap<>();
        namespaces.put(null, Functions.class);
        return new JexlBuilder()
                .features(features)
                .permissions(new JexlPermissions.ClassPermissions(Functions.class))
                .sandbox(sandbox)
                .arithmetic(new IeeeArithmetic())
                .namespaces(namespaces)
                .strict(true)
                .safe(false)
                .silent(false)
                .cache(256)
                .create();
    }
}
