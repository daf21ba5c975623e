package org.medbook.reporting.infrastructure;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.medbook.reporting.application.ReportReadModel.CurrencyMoney;
import org.medbook.reporting.application.ReportReadModel.DayStatus;
import org.medbook.reporting.application.ReportReadModel.DoctorCounts;
import org.medbook.reporting.application.ReportReadModel.PlatformBookingFigures;
import org.medbook.reporting.application.ReportReadModel.Ranked;
import org.medbook.reporting.application.ReportReadModel.RatingFigures;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Platform statistics from the rollups of V77: whole buckets of the range from a rollup, its partial
 * edges from the raw rows, added together. Counts and sums are exact; the median lead time is read
 * from a histogram (see {@link LeadHistogram}).
 */
final class PlatformRollupReads {

    /** Status columns of the starts and booked rollups, in the order the answers list them. */
    private static final Map<String, String> STATUS_COLUMNS = new TreeMap<>(Map.of("CANCELLED", "cancelled",
            "COMPLETED", "completed", "CONFIRMED", "confirmed", "EXPIRED", "expired", "NO_SHOW", "no_show",
            "PENDING_APPROVAL", "pending_approval", "PENDING_PAYMENT", "pending_payment"));
    private static final Map<String, String> CANCELLER_COLUMNS = new TreeMap<>(Map.of("DOCTOR", "cancelled_by_doctor",
            "PATIENT", "cancelled_by_patient", "STAFF", "cancelled_by_staff", "SYSTEM", "cancelled_by_system",
            "UNKNOWN", "cancelled_by_unknown"));

    private final JdbcClient jdbc;

    PlatformRollupReads(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    PlatformBookingFigures bookings(Instant from, Instant to) {
        Layers layers = Layers.of(from, to, Layers.QUARTER_SECONDS);
        StringBuilder rolled = new StringBuilder();
        StringBuilder raw = new StringBuilder();
        STATUS_COLUMNS.forEach((status, column) -> {
            rolled.append(column).append(", ");
            raw.append("CASE WHEN status = '").append(status).append("' THEN 1 ELSE 0 END, ");
        });
        CANCELLER_COLUMNS.forEach((who, column) -> {
            rolled.append(column).append(", ");
            raw.append("CASE WHEN status = 'CANCELLED' AND ").append(who.equals("UNKNOWN") ? "cancelled_by IS NULL"
                    : "cancelled_by = '" + who + "'").append(" THEN 1 ELSE 0 END, ");
        });
        StringBuilder sums = new StringBuilder();
        for (String column : STATUS_COLUMNS.values()) {
            sums.append("coalesce(sum(").append(column).append("), 0) AS ").append(column).append(", ");
        }
        for (String column : CANCELLER_COLUMNS.values()) {
            sums.append("coalesce(sum(").append(column).append("), 0) AS ").append(column).append(", ");
        }
        Map<String, Long> byStatus = new LinkedHashMap<>();
        Map<String, Long> cancelledBy = new LinkedHashMap<>();
        Double[] average = jdbc.sql("SELECT " + sums + """
                        sum(lead_seconds) / nullif(sum(lead_count), 0) / 3600 AS average
                        FROM (SELECT %1$s lead_count, lead_seconds FROM report_starts_days WHERE %4$s
                              UNION ALL
                              SELECT %1$s lead_count, lead_seconds FROM report_starts_rollup WHERE %5$s
                              UNION ALL
                              SELECT %2$s CASE WHEN status <> 'EXPIRED' THEN 1 ELSE 0 END,
                                     CASE WHEN status <> 'EXPIRED' THEN extract(epoch FROM starts_at - booked_at) ELSE 0 END
                              FROM report_bookings WHERE %3$s) AS rows
                        """.formatted(rolled, raw, Layers.rawEnds("starts_at"), Layers.allDays("day"), Layers.fine("bucket")))
                .params(layers.params())
                .query((rs, n) -> {
                    for (var e : STATUS_COLUMNS.entrySet()) {
                        long count = rs.getLong(e.getValue());
                        if (count != 0) {
                            byStatus.put(e.getKey(), count);
                        }
                    }
                    for (var e : CANCELLER_COLUMNS.entrySet()) {
                        long count = rs.getLong(e.getValue());
                        if (count != 0) {
                            cancelledBy.put(e.getKey(), count);
                        }
                    }
                    BigDecimal value = rs.getBigDecimal("average");
                    return new Double[] {value == null ? null : Math.round(value.doubleValue() * 100) / 100.0};
                })
                .single();
        return new PlatformBookingFigures(byStatus, cancelledBy, average[0], medianLeadHours(from, to));
    }

    private Double medianLeadHours(Instant from, Instant to) {
        TreeMap<Integer, Long> bins = new TreeMap<>();
        jdbc.sql("""
                SELECT bin, sum(n) AS n FROM (
                    SELECT lead_bin AS bin, bookings AS n FROM report_lead_months WHERE %s
                    UNION ALL
                    %s
                    UNION ALL
                    %s
                    UNION ALL
                    SELECT report_lead_bin(extract(epoch FROM starts_at - booked_at)), 1 FROM %s AS b
                    WHERE status <> 'EXPIRED') AS rows
                GROUP BY bin HAVING sum(n) <> 0
                """.formatted(Layers.months("month"),
                        Layers.daysBesideMonthsRows("SELECT lead_bin, bookings FROM report_lead_rollup WHERE", "day"),
                        Layers.fineRows("SELECT lead_bin, bookings FROM report_lead_hours WHERE", "hour"),
                        Layers.rawRows("report_bookings", "starts_at")))
                .params(Layers.of(from, to).params())
                .query((rs, n) -> bins.put(rs.getInt("bin"), rs.getLong("n"))).list();
        return LeadHistogram.medianHours(bins);
    }

    RatingFigures ratings(Instant from, Instant to) {
        return jdbc.sql("""
                SELECT round(CAST(sum(rating_sum) AS numeric) / nullif(sum(reviews), 0), 1) AS average,
                       coalesce(sum(reviews), 0) AS n
                FROM (SELECT reviews, rating_sum FROM report_reviews_days WHERE %s
                      UNION ALL
                      SELECT reviews, rating_sum FROM report_reviews_rollup WHERE %s
                      UNION ALL
                      SELECT 1, rating FROM report_reviews WHERE NOT hidden AND %s) AS rows
                """.formatted(Layers.allDays("day"), Layers.fine("bucket"), Layers.rawEnds("created_at")))
                .params(Layers.of(from, to, Layers.QUARTER_SECONDS).params())
                .query((rs, n) -> new RatingFigures(rs.getBigDecimal("average"), rs.getLong("n"))).single();
    }

    long newPatients(Instant from, Instant to) {
        return jdbc.sql("""
                SELECT coalesce(sum(n), 0) FROM (
                    SELECT patients AS n FROM report_patients_days WHERE %s
                    UNION ALL
                    SELECT patients FROM report_patients_rollup WHERE %s
                    UNION ALL
                    SELECT 1 FROM report_patients WHERE %s) AS rows
                """.formatted(Layers.allDays("day"), Layers.fine("bucket"), Layers.rawEnds("registered_at")))
                .params(Layers.of(from, to, Layers.QUARTER_SECONDS).params()).query(Long.class).single();
    }

    /**
     * Doctors with a booking made in the range: the bits set in the range's day and hour bitmaps (ORed per
     * chunk of 8,192 doctors), plus the doctors of the raw rows at the ends whose bit is not set.
     */
    DoctorCounts doctors(Instant from, Instant to) {
        return jdbc.sql("""
                WITH bits AS (
                    SELECT chunk, bit_or(doctors) AS doctors FROM (
                        SELECT chunk, doctors FROM report_doctor_days WHERE %s
                        UNION ALL
                        %s) AS present
                    GROUP BY chunk),
                edge AS (
                    SELECT DISTINCT o.ordinal FROM %s AS b JOIN report_booked_doctors o USING (doctor_id)
                    WHERE b.status <> 'EXPIRED')
                SELECT (SELECT count(*) FROM report_doctors WHERE bookable) AS active,
                       (SELECT coalesce(sum(bit_count(doctors)), 0) FROM bits)
                         + (SELECT count(*) FROM edge e
                            WHERE NOT EXISTS (SELECT 1 FROM bits WHERE bits.chunk = e.ordinal / 8192
                                                                   AND get_bit(bits.doctors, e.ordinal %% 8192) = 1)) AS booked,
                       (SELECT count(*) FROM report_doctors WHERE verified_at >= :from AND verified_at < :to) AS verified
                """.formatted(Layers.allDays("day"), Layers.fineRows("SELECT chunk, doctors FROM report_doctor_hours WHERE", "hour"),
                        Layers.rawRows("report_bookings", "starts_at")))
                .params(Layers.of(from, to).params())
                .query((rs, n) -> new DoctorCounts(rs.getLong("active"), rs.getLong("booked"), rs.getLong("verified")))
                .single();
    }

    /**
     * Per local day of {@code zone}: whole hours from the hourly rollup grouped by the local day they
     * fall in, edges raw; a zone whose offsets in the range are not whole hours (India, Nepal) takes
     * whole quarter hours from the quarter-hour rollup instead, and one whose offsets are not whole
     * quarter hours either is read raw.
     */
    List<DayStatus> bookingsPerDay(Instant from, Instant to, String zone) {
        ZoneId id = ZoneId.of(zone);
        boolean hours = Layers.bucketsFitDaysOf(id, from, to, Layers.HOUR_SECONDS);
        String rollup = hours ? "report_booked_hours" : "report_booked_rollup";
        String bucket = hours ? "hour" : "bucket";
        Layers layers = hours ? Layers.of(from, to, Layers.HOUR_SECONDS)
                : Layers.bucketsFitDaysOf(id, from, to, Layers.QUARTER_SECONDS) ? Layers.of(from, to, Layers.QUARTER_SECONDS)
                : Layers.raw(from, to);
        StringBuilder sums = new StringBuilder();
        StringBuilder unpivot = new StringBuilder();
        STATUS_COLUMNS.forEach((status, column) -> {
            sums.append(", sum(").append(column).append(") AS ").append(column);
            unpivot.append(unpivot.isEmpty() ? "" : ", ").append("('").append(status).append("', ").append(column)
                    .append(")");
        });
        Map<String, Object> params = layers.params();
        params.put("zone", zone);
        Map<LocalDate, Map<String, Long>> days = new TreeMap<>();
        jdbc.sql("""
                WITH rolled AS (
                    SELECT CAST(%4$s AT TIME ZONE :zone AS date) AS day%1$s FROM %5$s
                    WHERE %6$s GROUP BY 1)
                SELECT day, s.status, s.n FROM rolled CROSS JOIN LATERAL (VALUES %2$s) AS s (status, n) WHERE s.n <> 0
                UNION ALL
                SELECT CAST(booked_at AT TIME ZONE :zone AS date), status, count(*) FROM report_bookings
                WHERE %3$s GROUP BY 1, 2
                """.formatted(sums, unpivot, Layers.rawEnds("booked_at"), bucket, rollup, Layers.allFine(bucket)))
                .params(params)
                .query((rs, n) -> days.computeIfAbsent(rs.getObject(1, LocalDate.class), d -> new TreeMap<>())
                        .merge(rs.getString(2), rs.getLong(3), Long::sum))
                .list();
        List<DayStatus> result = new ArrayList<>();
        days.forEach((day, statuses) -> statuses.forEach((status, count) -> {
            if (count != 0) {
                result.add(new DayStatus(day, status, count));
            }
        }));
        return result;
    }

    List<CurrencyMoney> money(Instant from, Instant to) {
        return jdbc.sql("""
                SELECT currency, coalesce(sum(revenue), 0) AS revenue, coalesce(sum(refunds), 0) AS refunds FROM (
                    SELECT currency, revenue_minor AS revenue, refunds_minor AS refunds FROM report_money_days WHERE %s
                    UNION ALL
                    SELECT currency, revenue_minor, refunds_minor FROM report_money_rollup WHERE %s
                    UNION ALL
                    SELECT currency, CASE WHEN kind <> 'REFUND' THEN amount_minor ELSE 0 END,
                           CASE WHEN kind = 'REFUND' THEN amount_minor ELSE 0 END
                    FROM report_money WHERE %s) AS rows
                GROUP BY currency ORDER BY currency
                """.formatted(Layers.allDays("day"), Layers.fine("bucket"), Layers.rawEnds("occurred_at")))
                .params(Layers.of(from, to, Layers.QUARTER_SECONDS).params())
                .query((rs, n) -> new CurrencyMoney(rs.getString("currency"), rs.getLong("revenue"), rs.getLong("refunds")))
                .list();
    }

    /** Bookings made (not EXPIRED) starting in the range, once per specialty or city their doctor has now. */
    List<Ranked> ranked(String dimension, String column, Instant from, Instant to, int limit) {
        Map<String, Object> params = Layers.of(from, to).params();
        params.put("dimension", dimension);
        params.put("limit", limit);
        return jdbc.sql("""
                SELECT name, sum(n) AS n FROM (
                    SELECT name, bookings AS n FROM report_rank_rollup WHERE dimension = :dimension AND %s
                    UNION ALL
                    %s
                    UNION ALL
                    SELECT item, 1 FROM %s AS b JOIN report_doctors d USING (doctor_id), unnest(d.%s) AS item
                    WHERE b.status <> 'EXPIRED') AS rows
                GROUP BY name HAVING sum(n) > 0 ORDER BY n DESC, name LIMIT :limit
                """.formatted(Layers.allDays("day"),
                        Layers.fineRows("SELECT name, bookings FROM report_rank_hours WHERE dimension = :dimension AND", "hour"),
                        Layers.rawRows("report_bookings", "starts_at"),
                        column))
                .params(params)
                .query((rs, n) -> new Ranked(rs.getString("name"), rs.getLong("n"))).list();
    }
}
