package org.medbook.reporting.infrastructure;

import java.time.Instant;
import java.time.zone.ZoneOffsetTransition;
import java.time.zone.ZoneRules;
import java.util.HashMap;
import java.util.Map;

/**
 * A range [from, to) cut for the rollups: the whole buckets [bucketsFrom, bucketsTo) are read from a
 * rollup, the partial edges [from, bucketsFrom) and [bucketsTo, to) from the raw rows. A range shorter
 * than a bucket is all edge (bucketsFrom = bucketsTo = to).
 */
record Span(Instant from, Instant to, Instant bucketsFrom, Instant bucketsTo) {


    /** Buckets of {@code seconds}, aligned on the epoch (so on UTC midnights for quarters and days). */
    static Span of(Instant from, Instant to, long seconds) {
        long first = Math.ceilDiv(from.getEpochSecond() + (from.getNano() > 0 ? 1 : 0), seconds) * seconds;
        long last = Math.floorDiv(to.getEpochSecond(), seconds) * seconds;
        if (first >= last) {
            return new Span(from, to, to, to);
        }
        return new Span(from, to, Instant.ofEpochSecond(first), Instant.ofEpochSecond(last));
    }

    /** The whole range from the raw rows. */
    static Span raw(Instant from, Instant to) {
        return new Span(from, to, to, to);
    }

    /**
     * Buckets of {@code seconds} (quarter hours, hours) fall wholly into one local day of {@code zone}
     * when every offset it has over the range is a whole number of them (quarter hours: every zone today,
     * some only in the past, such as Africa/Monrovia's -00:44:30 before 1972; hours: not India or Nepal).
     */
    static boolean bucketsFitDaysOf(java.time.ZoneId zone, Instant from, Instant to, long seconds) {
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

    /** Named parameters :from, :to, :bFrom, :bTo. */
    Map<String, Object> params() {
        Map<String, Object> params = new HashMap<>();
        params.put("from", JdbcReportStore.utc(from));
        params.put("to", JdbcReportStore.utc(to));
        params.put("bFrom", JdbcReportStore.utc(bucketsFrom));
        params.put("bTo", JdbcReportStore.utc(bucketsTo));
        return params;
    }

    /** The raw rows' condition on {@code column} for the two edges. */
    static String edges(String column) {
        return "((" + column + " >= :from AND " + column + " < :bFrom) OR (" + column + " >= :bTo AND " + column
                + " < :to))";
    }
}
