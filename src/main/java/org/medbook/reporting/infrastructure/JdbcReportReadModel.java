package org.medbook.reporting.infrastructure;

import java.time.Instant;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

import org.medbook.reporting.application.ReportReadModel;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * A doctor's report is a handful of aggregate statements over the doctor's own rows (indexed by doctor
 * and time); platform statistics read the rollups ({@link PlatformRollupReads}).
 */
@Repository
class JdbcReportReadModel implements ReportReadModel {

    private final JdbcClient jdbc;
    private final PlatformRollupReads platform;

    JdbcReportReadModel(JdbcClient jdbc) {
        this.jdbc = jdbc;
        this.platform = new PlatformRollupReads(jdbc);
    }

    @Override
    public List<EarningsLine> earnings(UUID doctorId, Instant from, Instant to, String zone, String unit) {
        return jdbc.sql("""
                SELECT CAST(date_trunc(:unit, occurred_at AT TIME ZONE :zone) AS date) AS period, currency, payment_method,
                       type,
                       coalesce(sum(amount_minor) FILTER (WHERE kind <> 'REFUND'), 0) AS gross,
                       coalesce(sum(amount_minor) FILTER (WHERE kind = 'REFUND'), 0) AS refunds,
                       count(*) FILTER (WHERE kind <> 'REFUND') AS payments,
                       count(*) FILTER (WHERE kind = 'REFUND') AS refund_count
                FROM report_money
                WHERE doctor_id = :doctor AND occurred_at >= :from AND occurred_at < :to
                GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4
                """)
                .param("unit", unit).param("zone", zone).param("doctor", doctorId)
                .param("from", JdbcReportStore.utc(from)).param("to", JdbcReportStore.utc(to))
                .query((rs, n) -> new EarningsLine(rs.getObject("period", LocalDate.class), rs.getString("currency"),
                        rs.getString("payment_method"), rs.getString("type"), rs.getLong("gross"), rs.getLong("refunds"),
                        rs.getLong("payments"), rs.getLong("refund_count")))
                .list();
    }

    @Override
    public List<CashLine> cash(UUID doctorId, Instant from, Instant to) {
        return jdbc.sql("""
                WITH due AS (
                    SELECT b.currency, sum(b.amount_minor) AS due FROM report_bookings b
                    WHERE b.doctor_id = :doctor AND b.starts_at >= :from AND b.starts_at < :to
                      AND b.payment_method = 'CASH' AND b.status IN ('CONFIRMED', 'COMPLETED')
                      AND NOT EXISTS (SELECT 1 FROM report_money m WHERE m.booking_id = b.booking_id AND m.kind = 'CASH_PAID')
                      AND NOT EXISTS (SELECT 1 FROM report_cash_waived w WHERE w.booking_id = b.booking_id)
                    GROUP BY b.currency),
                paid AS (
                    SELECT currency, sum(amount_minor) AS paid FROM report_money
                    WHERE doctor_id = :doctor AND kind = 'CASH_PAID' AND occurred_at >= :from AND occurred_at < :to
                    GROUP BY currency)
                SELECT coalesce(due.currency, paid.currency) AS currency, coalesce(due.due, 0) AS due,
                       coalesce(paid.paid, 0) AS paid
                FROM due FULL JOIN paid ON due.currency = paid.currency ORDER BY 1
                """)
                .param("doctor", doctorId).param("from", JdbcReportStore.utc(from)).param("to", JdbcReportStore.utc(to))
                .query((rs, n) -> new CashLine(rs.getString("currency"), rs.getLong("due"), rs.getLong("paid")))
                .list();
    }

    @Override
    public BookingFigures bookings(UUID doctorId, Instant from, Instant to, String zone) {
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("from", JdbcReportStore.utc(from));
        params.put("to", JdbcReportStore.utc(to));
        params.put("zone", zone);
        params.put("doctor", Objects.requireNonNull(doctorId, "doctorId"));
        String range = " FROM report_bookings WHERE starts_at >= :from AND starts_at < :to AND doctor_id = :doctor";
        Map<String, Long> byStatus = new LinkedHashMap<>();
        jdbc.sql("SELECT status, count(*) AS n" + range + " GROUP BY status ORDER BY status").params(params)
                .query((rs, n) -> byStatus.put(rs.getString("status"), rs.getLong("n"))).list();
        Map<String, Long> cancelledBy = new LinkedHashMap<>();
        jdbc.sql("SELECT coalesce(cancelled_by, 'UNKNOWN') AS who, count(*) AS n" + range
                        + " AND status = 'CANCELLED' GROUP BY 1 ORDER BY 1").params(params)
                .query((rs, n) -> cancelledBy.put(rs.getString("who"), rs.getLong("n"))).list();
        Double[] lead = jdbc.sql("""
                SELECT avg(extract(epoch FROM starts_at - booked_at)) / 3600 AS average,
                       percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM starts_at - booked_at)) / 3600 AS median
                """ + range + " AND status <> 'EXPIRED'").params(params)
                .query((rs, n) -> new Double[] {round(rs.getObject("average")), round(rs.getObject("median"))}).single();
        Map<Integer, Long> byWeekday = new LinkedHashMap<>();
        Map<Integer, Long> byHour = new LinkedHashMap<>();
        String visits = range + " AND status IN ('CONFIRMED', 'COMPLETED', 'NO_SHOW', 'PENDING_APPROVAL')";
        jdbc.sql("SELECT CAST(extract(isodow FROM starts_at AT TIME ZONE :zone) AS int) AS d, count(*) AS n" + visits
                        + " GROUP BY 1").params(params)
                .query((rs, n) -> byWeekday.put(rs.getInt("d"), rs.getLong("n"))).list();
        jdbc.sql("SELECT CAST(extract(hour FROM starts_at AT TIME ZONE :zone) AS int) AS h, count(*) AS n" + visits
                        + " GROUP BY 1").params(params)
                .query((rs, n) -> byHour.put(rs.getInt("h"), rs.getLong("n"))).list();
        return new BookingFigures(byStatus, cancelledBy, lead[0], lead[1], byWeekday, byHour);
    }

    private static Double round(Object value) {
        return value == null ? null : Math.round(((Number) value).doubleValue() * 100) / 100.0;
    }

    @Override
    public PlatformBookingFigures platformBookings(Instant from, Instant to) {
        return platform.bookings(from, to);
    }

    @Override
    public RatingFigures ratings(UUID doctorId, Instant from, Instant to) {
        if (doctorId == null) {
            return platform.ratings(from, to);
        }
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("from", JdbcReportStore.utc(from));
        params.put("to", JdbcReportStore.utc(to));
        if (doctorId != null) {
            params.put("doctor", doctorId);
        }
        return jdbc.sql("SELECT round(avg(rating), 1) AS average, count(*) AS n FROM report_reviews"
                        + " WHERE NOT hidden AND created_at >= :from AND created_at < :to"
                        + (doctorId == null ? "" : " AND doctor_id = :doctor")).params(params)
                .query((rs, n) -> new RatingFigures(rs.getBigDecimal("average"), rs.getLong("n"))).single();
    }

    @Override
    public long newPatients(Instant from, Instant to) {
        return platform.newPatients(from, to);
    }

    @Override
    public DoctorCounts doctors(Instant from, Instant to) {
        return platform.doctors(from, to);
    }

    @Override
    public List<DayStatus> bookingsPerDay(Instant from, Instant to, String zone) {
        return platform.bookingsPerDay(from, to, zone);
    }

    @Override
    public List<CurrencyMoney> money(Instant from, Instant to) {
        return platform.money(from, to);
    }

    @Override
    public List<Ranked> topSpecialties(Instant from, Instant to, int limit) {
        return platform.ranked("specialty", "specialties", from, to, limit);
    }

    @Override
    public List<Ranked> topCities(Instant from, Instant to, int limit) {
        return platform.ranked("city", "cities", from, to, limit);
    }
}
