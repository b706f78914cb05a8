package io.jenkins.plugins.relgov.gate;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;

/** Numbers and lists as people read them in reason lines. */
final class Format {
    private Format() {
    }

    /** {@code 87.4%}, {@code 35.36%}, {@code 100%}: at most two decimals, rounded down so 89.996 never shows as 90. */
    static String percent(double p) {
        return new BigDecimal(p).setScale(2, RoundingMode.FLOOR).stripTrailingZeros().toPlainString() + "%";
    }

    static String list(List<String> items) {
        return String.join(", ", items);
    }

    static String plural(long n, String word) {
        return n + " " + word + (n == 1 ? "" : "s");
    }
}
