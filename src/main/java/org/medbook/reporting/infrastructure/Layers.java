package org.medbook.reporting.infrastructure;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.time.zone.ZoneOffsetTransition;
import java.time.zone.ZoneRules;
import java.util.HashMap;
import java.util.Map;

/**
 * A range [from, to) cut into whole UTC months in the middle, whole UTC days beside them, whole fine
 * buckets (hours or quarter hours, as the rollup has them) beside those and the raw rest (under a fine
 * bucket) at each end: raw [from, hoursFrom), fine [hoursFrom, daysFrom), days [daysFrom, monthsFrom),
 * months [monthsFrom, monthsTo), days [monthsTo, daysTo), fine [daysTo, hoursTo), raw [hoursTo, to).
 * A level with no whole bucket in what is left leaves it all to the finer level.
 */
record Layers(Instant from, Instant to, Instant hoursFrom, Instant daysFrom, Instant monthsFrom, Instant monthsTo,
              Instant daysTo, Instant hoursTo) {

    Layers {
        Instant[] order = {from, hoursFrom, daysFrom, monthsFrom, monthsTo, daysTo, hoursTo, to};
        for (int i = 1; i < order.length; i++) {
            if (order[i].isBefore(order[i - 1])) {
                throw new IllegalArgumentException("layers out of order: " + java.util.Arrays.toString(order));
            }
        }
    }

    static final long HOUR_SECONDS = 3600;
    static final long QUARTER_SECONDS = 900;

    /** Hours as the fine buckets. */
    static Layers of(Instant from, Instant to) {
        return of(from, to, HOUR_SECONDS);
    }

    /** Fine buckets of {@code fineSeconds} (a divisor of a day), aligned on UTC midnights. */
    static Layers of(Instant from, Instant to, long fineSeconds) {
        Instant h1 = ceil(from, fineSeconds);
        Instant h2 = floor(to, fineSeconds);
        if (!h1.isBefore(h2)) {
            return raw(from, to);
        }
        Instant d1 = ceilDay(h1);
        Instant d2 = h2.truncatedTo(ChronoUnit.DAYS);
        if (!d1.isBefore(d2)) {
            return new Layers(from, to, h1, h2, h2, h2, h2, h2);
        }
        Instant m1 = ceilMonth(d1);
        Instant m2 = floorMonth(d2);
        if (!m1.isBefore(m2)) {
            return new Layers(from, to, h1, d1, d2, d2, d2, h2);
        }
        return new Layers(from, to, h1, d1, m1, m2, d2, h2);
    }

    /** The whole range from the raw rows. */
    static Layers raw(Instant from, Instant to) {
        return new Layers(from, to, to, to, to, to, to, to);
    }

    /**
     * Buckets of {@code seconds} (quarter hours, hours) fall wholly into one local day of {@code zone}
     * when every offset it has over the range is a whole number of them (quarter hours: every zone today,
     * some only in the past, such as Africa/Monrovia's -00:44:30 before 1972; hours: not India or Nepal).
     */
    static boolean bucketsFitDaysOf(ZoneId zone, Instant from, Instant to, long seconds) {
        ZoneRules rules = zone.getRules();
        if (rules.getOffset(from).getTotalSeconds() % seconds != 0) {
            return false;
        }
        for (ZoneOffsetTransition t = rules.nextTransition(from); t != null && t.getInstant().isBefore(to);
                t = rules.nextTransition(t.getInstant())) {
            if (t.getOffsetAfter().getTotalSeconds() % seconds != 0) {
                return false;
            }
        }
        return true;
    }

    /**
     * Named parameters: instants :from, :to, :hFrom, :dFrom, :mFrom, :mTo, :dTo, :hTo and, as UTC dates,
     * :dayFrom, :monthFrom, :monthTo, :dayTo.
     */
    Map<String, Object> params() {
        Map<String, Object> params = new HashMap<>();
        params.put("from", JdbcReportStore.utc(from));
        params.put("to", JdbcReportStore.utc(to));
        params.put("hFrom", JdbcReportStore.utc(hoursFrom));
        params.put("dFrom", JdbcReportStore.utc(daysFrom));
        params.put("mFrom", JdbcReportStore.utc(monthsFrom));
        params.put("mTo", JdbcReportStore.utc(monthsTo));
        params.put("dTo", JdbcReportStore.utc(daysTo));
        params.put("hTo", JdbcReportStore.utc(hoursTo));
        params.put("dayFrom", date(daysFrom));
        params.put("monthFrom", date(monthsFrom));
        params.put("monthTo", date(monthsTo));
        params.put("dayTo", date(daysTo));
        return params;
    }

    /** All whole fine buckets, those of the whole days included, as a condition on {@code column}. */
    static String allFine(String column) {
        return "(" + column + " >= :hFrom AND " + column + " < :hTo)";
    }

    /** The whole fine buckets, as a condition on {@code column}. */
    static String fine(String column) {
        return "((" + column + " >= :hFrom AND " + column + " < :dFrom) OR (" + column + " >= :dTo AND " + column
                + " < :hTo))";
    }

    /**
     * {@code select} (ending in WHERE or AND) over the whole fine buckets in {@code column}, as two
     * UNION ALL branches: each a range scan of its own that a covering index answers alone, where the
     * two ranges joined by OR would be a bitmap scan, which always reads the table.
     */
    static String fineRows(String select, String column) {
        return select + " " + column + " >= :hFrom AND " + column + " < :dFrom UNION ALL " + select + " " + column
                + " >= :dTo AND " + column + " < :hTo";
    }

    /** {@code select} (ending in WHERE or AND) over the whole days beside the months, as two UNION ALL branches. */
    static String daysBesideMonthsRows(String select, String column) {
        return select + " " + column + " >= :dayFrom AND " + column + " < :monthFrom UNION ALL " + select + " " + column
                + " >= :monthTo AND " + column + " < :dayTo";
    }

    /** The whole days, months included, as a condition on a date {@code column}. */
    static String allDays(String column) {
        return "(" + column + " >= :dayFrom AND " + column + " < :dayTo)";
    }

    /** The whole months, as a condition on a date {@code column} holding first days of months. */
    static String months(String column) {
        return "(" + column + " >= :monthFrom AND " + column + " < :monthTo)";
    }

    /** The raw rows' condition on {@code column} for the two ends. */
    static String rawEnds(String column) {
        return "((" + column + " >= :from AND " + column + " < :hFrom) OR (" + column + " >= :hTo AND " + column + " < :to))";
    }

    /** The raw rows of {@code table} left at the two ends, as a derived table (each end a range scan of its own). */
    static String rawRows(String table, String column) {
        return "(SELECT * FROM " + table + " WHERE " + column + " >= :from AND " + column + " < :hFrom UNION ALL SELECT * FROM "
                + table + " WHERE " + column + " >= :hTo AND " + column + " < :to)";
    }

    private static LocalDate date(Instant instant) {
        return LocalDate.ofInstant(instant, ZoneOffset.UTC);
    }

    private static Instant floor(Instant instant, long seconds) {
        return Instant.ofEpochSecond(Math.floorDiv(instant.getEpochSecond(), seconds) * seconds);
    }

    private static Instant ceil(Instant instant, long seconds) {
        Instant floor = floor(instant, seconds);
        return floor.equals(instant) ? floor : floor.plusSeconds(seconds);
    }

    private static Instant ceilDay(Instant instant) {
        Instant floor = instant.truncatedTo(ChronoUnit.DAYS);
        return floor.equals(instant) ? floor : floor.plus(1, ChronoUnit.DAYS);
    }

    private static Instant floorMonth(Instant instant) {
        LocalDateTime utc = LocalDateTime.ofInstant(instant, ZoneOffset.UTC);
        return utc.toLocalDate().withDayOfMonth(1).atStartOfDay().toInstant(ZoneOffset.UTC);
    }

    private static Instant ceilMonth(Instant instant) {
        Instant floor = floorMonth(instant);
        return floor.equals(instant) ? floor
                : LocalDateTime.ofInstant(floor, ZoneOffset.UTC).plusMonths(1).toInstant(ZoneOffset.UTC);
    }
}
