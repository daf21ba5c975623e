package org.medbook.shared.web;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.Set;

/**
 * The range of dates a client may send. Anything outside is a typing error or a probe, and far
 * dates break arithmetic further on (a time-off to year 999999999 blocks every slot of a doctor).
 */
public final class SaneDates {

    public static final int FIRST_YEAR = 1900;
    public static final int LAST_YEAR = 2200;

    private static final Instant FIRST = OffsetDateTime.of(FIRST_YEAR, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC).toInstant();
    private static final Instant AFTER_LAST = OffsetDateTime.of(LAST_YEAR + 1, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC).toInstant();
    private static final Set<Class<?>> DATED = Set.of(Instant.class, OffsetDateTime.class, ZonedDateTime.class,
            LocalDate.class, LocalDateTime.class, YearMonth.class);

    private SaneDates() {
    }

    static boolean covers(Class<?> type) {
        return DATED.contains(type);
    }

    /** Why the value is refused, or null when it is a date in range (or no date at all). */
    static String problemWith(Object value) {
        boolean inRange = switch (value) {
            case Instant instant -> !instant.isBefore(FIRST) && instant.isBefore(AFTER_LAST);
            case OffsetDateTime dateTime -> inRange(dateTime.getYear());
            case ZonedDateTime dateTime -> inRange(dateTime.getYear());
            case LocalDate date -> inRange(date.getYear());
            case LocalDateTime dateTime -> inRange(dateTime.getYear());
            case YearMonth month -> inRange(month.getYear());
            case null, default -> true;
        };
        return inRange ? null : "must be a date between the years " + FIRST_YEAR + " and " + LAST_YEAR;
    }

    private static boolean inRange(int year) {
        return year >= FIRST_YEAR && year <= LAST_YEAR;
    }
}
