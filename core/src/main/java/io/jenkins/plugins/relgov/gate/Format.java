package io.jenkins.plugins.relgov.gate;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;

/** Numbers and lists as people read them in reason lines. */
final class Format {
    private Format() {}

    /** {@code 87.4%}, {@code 35.36%}, {@code 100%}: rounded to {@code decimals} places, trailing zeros dropped. */
    static String percent(double p, int decimals) {
        return rounded(p, decimals).stripTrailingZeros().toPlainString() + "%";
    }

    static BigDecimal rounded(double p, int decimals) {
        return new BigDecimal(p).setScale(decimals, RoundingMode.HALF_UP);
    }

    static String list(List<String> items) {
        return String.join(", ", items);
    }

    /** {@code production} or {@code {staging,production}}: one name, or the names a rule path may take. */
    static String alternatives(List<String> names) {
        return names.size() == 1 ? names.get(0) : "{" + String.join(",", names) + "}";
    }

    static String plural(long n, String word) {
        return n + " " + word + (n == 1 ? "" : "s");
    }
}
