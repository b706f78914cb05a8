package io.jenkins.plugins.relgov.policy;

import java.time.Duration;
import java.time.Period;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Durations and retention periods as people write them in policies: {@code 48h}, {@code 30m},
 * {@code 10s}, {@code 500ms}, {@code 7d}, {@code 1h30m}, or ISO-8601 ({@code PT48H}); retention
 * {@code 7y}, {@code 18mo}, {@code 2w}, {@code 30d} or ISO-8601 ({@code P7Y}).
 */
public final class Durations {

    private static final Pattern DURATION = Pattern.compile("(?:\\d+(?:ms|d|h|m|s))+");
    private static final Pattern DURATION_PART = Pattern.compile("(\\d+)(ms|d|h|m|s)");
    private static final Pattern PERIOD = Pattern.compile("(\\d+)(y|mo|w|d)");

    private Durations() {}

    /**
     * Parses a positive duration.
     *
     * @throws IllegalArgumentException saying what forms are accepted
     */
    public static Duration parse(String text) {
        String t = text == null ? "" : text.trim();
        Duration d;
        if (DURATION.matcher(t.toLowerCase(Locale.ROOT)).matches()) {
            d = Duration.ZERO;
            Matcher m = DURATION_PART.matcher(t.toLowerCase(Locale.ROOT));
            while (m.find()) {
                long n = Long.parseLong(m.group(1));
                d = d.plus(
                        switch (m.group(2)) {
                            case "ms" -> Duration.ofMillis(n);
                            case "s" -> Duration.ofSeconds(n);
                            case "m" -> Duration.ofMinutes(n);
                            case "h" -> Duration.ofHours(n);
                            default -> Duration.ofDays(n);
                        });
            }
        } else {
            try {
                d = Duration.parse(t);
            } catch (DateTimeParseException e) {
                throw new IllegalArgumentException("malformed duration '" + text
                        + "' (write e.g. 48h, 30m, 10s, 500ms, 7d, 1h30m or ISO-8601 PT48H)");
            }
        }
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException("duration '" + text + "' must be greater than zero");
        }
        return d;
    }

    /**
     * Parses a positive period such as a retention time.
     *
     * @throws IllegalArgumentException saying what forms are accepted
     */
    public static Period parsePeriod(String text) {
        String t = text == null ? "" : text.trim();
        Period p;
        Matcher m = PERIOD.matcher(t.toLowerCase(Locale.ROOT));
        if (m.matches()) {
            int n = Integer.parseInt(m.group(1));
            p = switch (m.group(2)) {
                case "y" -> Period.ofYears(n);
                case "mo" -> Period.ofMonths(n);
                case "w" -> Period.ofWeeks(n);
                default -> Period.ofDays(n);
            };
        } else {
            try {
                p = Period.parse(t);
            } catch (DateTimeParseException e) {
                throw new IllegalArgumentException(
                        "malformed period '" + text + "' (write e.g. 7y, 18mo, 2w, 30d or ISO-8601 P7Y)");
            }
        }
        if (p.isNegative() || p.isZero()) {
            throw new IllegalArgumentException("period '" + text + "' must be greater than zero");
        }
        return p;
    }

    /** The short form people write: 48h, 30m, 500ms, 1h30m; whole weeks and more as days (7d). */
    public static String format(Duration d) {
        if (d == null) {
            return "-";
        }
        if (d.toHours() >= 168 && d.equals(Duration.ofDays(d.toDays()))) {
            return d.toDays() + "d";
        }
        StringBuilder s = new StringBuilder();
        if (d.toHours() > 0) {
            s.append(d.toHours()).append('h');
        }
        if (d.toMinutesPart() > 0) {
            s.append(d.toMinutesPart()).append('m');
        }
        if (d.toSecondsPart() > 0) {
            s.append(d.toSecondsPart()).append('s');
        }
        if (d.toMillisPart() > 0) {
            s.append(d.toMillisPart()).append("ms");
        }
        return s.length() == 0 ? "0s" : s.toString();
    }
}
