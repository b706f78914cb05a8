package io.jenkins.plugins.relgov.policy;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.Set;

/** A period during which releases are frozen, in the window's own time zone. */
public sealed interface FreezeWindow {
    String name();

    ZoneId zone();

    boolean contains(Instant instant);

    /** A one-off window between two local date-times, start inclusive, end exclusive. */
    record Dates(String name, ZoneId zone, LocalDateTime start, LocalDateTime end) implements FreezeWindow {
        @Override
        public boolean contains(Instant instant) {
            LocalDateTime local = LocalDateTime.ofInstant(instant, zone);
            return !local.isBefore(start) && local.isBefore(end);
        }
    }

    /**
     * A weekly window: on each of {@code days}, from {@code from} (inclusive) to {@code to} (exclusive).
     * When {@code to} is not after {@code from} the window runs past midnight into the next day.
     */
    record Weekly(String name, ZoneId zone, Set<DayOfWeek> days, LocalTime from, LocalTime to) implements FreezeWindow {
        public Weekly {
            days = Set.copyOf(days);
        }

        @Override
        public boolean contains(Instant instant) {
            LocalDateTime local = LocalDateTime.ofInstant(instant, zone);
            LocalTime t = local.toLocalTime();
            if (from.isBefore(to)) {
                return days.contains(local.getDayOfWeek()) && !t.isBefore(from) && t.isBefore(to);
            }
            return (days.contains(local.getDayOfWeek()) && !t.isBefore(from))
                    || (days.contains(local.getDayOfWeek().minus(1)) && t.isBefore(to));
        }
    }
}
