package org.medbook.reporting.infrastructure;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.UUID;
import java.util.stream.Collectors;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Keeps the booking rollups (V77) in step with report_bookings: the row before a change leaves its
 * buckets, the row after enters its own. The transaction that changes the row (holding the row's lock
 * and a share lock on its doctor's report_doctors row, whose specialties and cities the ranking counts)
 * appends both to report_booking_deltas (V86) and sets the doctor's presence bits; {@link #fold} adds the
 * appended rows to the rollups later, one fold at a time, so bookings made together no longer queue on
 * the same hour's and day's rollup rows.
 */
final class BookingRollups {

    /**
     * The statuses (in the tables' column order, each column the status in lower case) and cancellers the
     * rollups have a column for; anything else must get one first.
     */
    static final List<String> STATUSES = List.of("PENDING_PAYMENT", "PENDING_APPROVAL", "CONFIRMED", "CANCELLED",
            "COMPLETED", "NO_SHOW", "EXPIRED");
    static final Set<String> CANCELLERS = Set.of("PATIENT", "DOCTOR", "STAFF", "SYSTEM");

    static final String QUARTER = "date_bin('15 minutes', %s, TIMESTAMPTZ '2000-01-01 00:00:00+00')";
    static final String UTC_DAY = "CAST(%s AT TIME ZONE 'UTC' AS date)";

    /** What of a booking row the rollups count. */
    record Counted(String status, String cancelledBy, UUID doctorId, Instant startsAt, Instant bookedAt) {

        Counted {
            if (!STATUSES.contains(status)) {
                throw new IllegalStateException("The reporting rollups have no column for status " + status);
            }
            if (cancelledBy != null && !CANCELLERS.contains(cancelledBy)) {
                throw new IllegalStateException("The reporting rollups have no column for cancellations by " + cancelledBy);
            }
        }
    }

    /** Each status's signed count in a bucket, as the select list of an upsert. */
    private static final String STATUS_COUNTS = STATUSES.stream()
            .map(status -> "coalesce(sum(sign) FILTER (WHERE status = '" + status + "'), 0)")
            .collect(Collectors.joining(",\n                   "));

    /** What an upsert adds to a bucket's status counts. */
    private static final String ADD_STATUS_COUNTS = STATUSES.stream().map(status -> status.toLowerCase(Locale.ROOT))
            .map(column -> column + " = t." + column + " + EXCLUDED." + column)
            .collect(Collectors.joining(",\n                "));

    /**
     * The booking rows before (sign -1) and after (sign +1) a change, appended for the next fold with the
     * doctor's specialties and cities as they are now (the caller holds a share lock on the doctor's
     * report_doctors row, so they cannot move before this commits).
     */
    private static final String APPEND = """
            INSERT INTO report_booking_deltas (sign, status, cancelled_by, doctor_id, starts_at, booked_at, specialties,
                                               cities)
            SELECT v.sign, v.status, v.cancelled_by, v.doctor_id, v.starts_at, v.booked_at,
                   coalesce(d.specialties, CAST('{}' AS text[])), coalesce(d.cities, CAST('{}' AS text[]))
            FROM (VALUES (CAST(:s0 AS smallint), CAST(:status0 AS text), CAST(:by0 AS text), CAST(:doctor0 AS uuid),
                          CAST(:starts0 AS timestamptz), CAST(:booked0 AS timestamptz)),
                         (CAST(:s1 AS smallint), CAST(:status1 AS text), CAST(:by1 AS text), CAST(:doctor1 AS uuid),
                          CAST(:starts1 AS timestamptz), CAST(:booked1 AS timestamptz)))
                     AS v (sign, status, cancelled_by, doctor_id, starts_at, booked_at)
                     LEFT JOIN report_doctors d USING (doctor_id)
            WHERE v.sign <> 0
            """;

    /** What the upsert of a starts rollup row of {@code table} (keyed by {@code key}) adds. */
    private static String startsUpsert(String table, String bucket, String key) {
        return """
                INSERT INTO %s AS t
                SELECT %s,
                       %s,
                       coalesce(sum(sign) FILTER (WHERE status = 'CANCELLED' AND cancelled_by = 'PATIENT'), 0),
                       coalesce(sum(sign) FILTER (WHERE status = 'CANCELLED' AND cancelled_by = 'DOCTOR'), 0),
                       coalesce(sum(sign) FILTER (WHERE status = 'CANCELLED' AND cancelled_by = 'STAFF'), 0),
                       coalesce(sum(sign) FILTER (WHERE status = 'CANCELLED' AND cancelled_by = 'SYSTEM'), 0),
                       coalesce(sum(sign) FILTER (WHERE status = 'CANCELLED' AND cancelled_by IS NULL), 0),
                       coalesce(sum(sign) FILTER (WHERE status <> 'EXPIRED'), 0),
                       coalesce(sum(sign * extract(epoch FROM starts_at - booked_at)) FILTER (WHERE status <> 'EXPIRED'), 0)
                FROM r GROUP BY 1 ORDER BY 1
                ON CONFLICT (%s) DO UPDATE SET
                    %s,
                    cancelled_by_patient = t.cancelled_by_patient + EXCLUDED.cancelled_by_patient,
                    cancelled_by_doctor = t.cancelled_by_doctor + EXCLUDED.cancelled_by_doctor,
                    cancelled_by_staff = t.cancelled_by_staff + EXCLUDED.cancelled_by_staff,
                    cancelled_by_system = t.cancelled_by_system + EXCLUDED.cancelled_by_system,
                    cancelled_by_unknown = t.cancelled_by_unknown + EXCLUDED.cancelled_by_unknown,
                    lead_count = t.lead_count + EXCLUDED.lead_count, lead_seconds = t.lead_seconds + EXCLUDED.lead_seconds
                """.formatted(table, bucket, STATUS_COUNTS, key, ADD_STATUS_COUNTS);
    }

    /** What the upsert of a rollup row of {@code table} by booking time (keyed by {@code key}) adds. */
    private static String bookedUpsert(String table, String bucket, String key) {
        return """
                INSERT INTO %s AS t
                SELECT %s,
                       %s
                FROM r GROUP BY 1 ORDER BY 1
                ON CONFLICT (%s) DO UPDATE SET
                    %s
                """.formatted(table, bucket, STATUS_COUNTS, key, ADD_STATUS_COUNTS);
    }

    /** What the upsert of a money rollup row of {@code table} (V77 quarter hours, V83 days) adds. */
    private static String moneyUpsert(String table, String bucket, String key) {
        return """
                INSERT INTO %s AS t
                SELECT %s, currency, sum(revenue_minor), sum(refunds_minor)
                FROM m GROUP BY 1, 2 ORDER BY 1, 2
                ON CONFLICT (%s, currency) DO UPDATE SET revenue_minor = t.revenue_minor + EXCLUDED.revenue_minor,
                    refunds_minor = t.refunds_minor + EXCLUDED.refunds_minor""".formatted(table, bucket, key);
    }

    static final String HOUR = "date_bin('1 hour', %s, TIMESTAMPTZ '2000-01-01 00:00:00+00')";

    /**
     * Takes every appended row the statement sees and adds it to every level of every rollup: bookings by
     * start (quarter hour V77, UTC day V83), by booking time (quarter hour V77, hour V83), the lead-time
     * histogram (UTC day, hour, month: V77, V81), the specialty and city ranking (UTC day, hour) and money
     * (quarter hour, UTC day). One statement, so it takes and adds exactly the same rows; each upsert
     * writes its buckets in key order, like a change of a doctor's specialties does.
     */
    private static final String FOLD = """
            WITH r AS (DELETE FROM report_booking_deltas RETURNING *),
            m AS (DELETE FROM report_money_deltas RETURNING *),
            starts_quarters AS (%s),
            starts_days AS (%s),
            booked_quarters AS (%s),
            booked_hours AS (%s),
            made AS (SELECT sign, starts_at, report_lead_bin(extract(epoch FROM starts_at - booked_at)) AS lead_bin
                     FROM r WHERE status <> 'EXPIRED'),
            lead_days AS (
                INSERT INTO report_lead_rollup AS t
                SELECT CAST(starts_at AT TIME ZONE 'UTC' AS date), lead_bin, sum(sign)
                FROM made GROUP BY 1, 2 HAVING sum(sign) <> 0 ORDER BY 1, 2
                ON CONFLICT (day, lead_bin) DO UPDATE SET bookings = t.bookings + EXCLUDED.bookings),
            lead_hours AS (
                INSERT INTO report_lead_hours AS t
                SELECT %s, lead_bin, sum(sign)
                FROM made GROUP BY 1, 2 HAVING sum(sign) <> 0 ORDER BY 1, 2
                ON CONFLICT (hour, lead_bin) DO UPDATE SET bookings = t.bookings + EXCLUDED.bookings),
            lead_months AS (
                INSERT INTO report_lead_months AS t
                SELECT CAST(date_trunc('month', starts_at AT TIME ZONE 'UTC') AS date), lead_bin, sum(sign)
                FROM made GROUP BY 1, 2 HAVING sum(sign) <> 0 ORDER BY 1, 2
                ON CONFLICT (month, lead_bin) DO UPDATE SET bookings = t.bookings + EXCLUDED.bookings),
            items AS (SELECT r.sign, r.starts_at, item.dimension, item.name
                      FROM r CROSS JOIN LATERAL (SELECT 'specialty', unnest(r.specialties)
                                                 UNION ALL SELECT 'city', unnest(r.cities)) AS item (dimension, name)
                      WHERE r.status <> 'EXPIRED'),
            rank_days AS (
                INSERT INTO report_rank_rollup AS t
                SELECT dimension, CAST(starts_at AT TIME ZONE 'UTC' AS date), name, sum(sign)
                FROM items GROUP BY 1, 2, 3 HAVING sum(sign) <> 0 ORDER BY 1, 2, 3
                ON CONFLICT (dimension, day, name) DO UPDATE SET bookings = t.bookings + EXCLUDED.bookings),
            rank_hours AS (
                INSERT INTO report_rank_hours AS t
                SELECT dimension, %s, name, sum(sign)
                FROM items GROUP BY 1, 2, 3 HAVING sum(sign) <> 0 ORDER BY 1, 2, 3
                ON CONFLICT (dimension, hour, name) DO UPDATE SET bookings = t.bookings + EXCLUDED.bookings),
            money_quarters AS (%s),
            money_days AS (%s)
            SELECT (SELECT count(*) FROM r) + (SELECT count(*) FROM m)
            """.formatted(startsUpsert("report_starts_rollup", QUARTER.formatted("starts_at"), "bucket"),
            startsUpsert("report_starts_days", UTC_DAY.formatted("starts_at"), "day"),
            bookedUpsert("report_booked_rollup", QUARTER.formatted("booked_at"), "bucket"),
            bookedUpsert("report_booked_hours", HOUR.formatted("booked_at"), "hour"),
            HOUR.formatted("starts_at"), HOUR.formatted("starts_at"),
            moneyUpsert("report_money_rollup", QUARTER.formatted("occurred_at"), "bucket"),
            moneyUpsert("report_money_days", UTC_DAY.formatted("occurred_at"), "day"));

    /** An arbitrary constant: the transaction-scoped advisory lock that lets one fold run at a time. */
    private static final long FOLD_LOCK = 0x6d65_6462_666f_6c64L;

    private final JdbcClient jdbc;

    BookingRollups(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Folds what has been appended into the rollups, in the caller's transaction, which commits it. With
     * {@code wait}, after a fold in progress elsewhere commits (a reader then counts everything recorded
     * before it asked); without, returns -1 at once if one is in progress. Returns the rows folded.
     */
    long fold(boolean wait) {
        if (!TransactionSynchronizationManager.isActualTransactionActive()) {
            throw new IllegalStateException("A fold needs a transaction: its lock is held until its additions commit");
        }
        if (wait) {
            jdbc.sql("SELECT pg_advisory_xact_lock(:key)").param("key", FOLD_LOCK).query((rs, n) -> 1).single();
        } else if (!jdbc.sql("SELECT pg_try_advisory_xact_lock(:key)").param("key", FOLD_LOCK).query(Boolean.class)
                .single()) {
            return -1;
        }
        // a statement of its own, after the lock: its snapshot holds everything an earlier fold committed
        return jdbc.sql(FOLD).query(Long.class).single();
    }

    /** {@code before} is null for a booking seen the first time. */
    void moved(Counted before, Counted after) {
        if (Objects.equals(before, after)) {
            return;
        }
        Map<String, Object> params = new LinkedHashMap<>();
        Counted old = before == null ? after : before;
        put(params, 0, before == null ? 0 : -1, old);
        put(params, 1, 1, after);
        jdbc.sql(APPEND).params(params).update();
        if (before == null || !before.doctorId().equals(after.doctorId())) {
            // only a doctor new here takes a number (a conflicting insert would use one up)
            jdbc.sql("""
                    INSERT INTO report_booked_doctors (doctor_id) SELECT :doctor
                    WHERE NOT EXISTS (SELECT 1 FROM report_booked_doctors WHERE doctor_id = :doctor)
                    ON CONFLICT DO NOTHING""")
                    .param("doctor", after.doctorId()).update();
        }
        if (before == null || !before.doctorId().equals(after.doctorId()) || made(before) != made(after)
                || !hour(before.startsAt()).equals(hour(after.startsAt()))) {
            presenceChanged(before, after);
        }
    }

    private static boolean made(Counted row) {
        return !row.status().equals("EXPIRED");
    }

    private static Instant hour(Instant instant) {
        return instant.truncatedTo(ChronoUnit.HOURS);
    }

    /**
     * Sets the bits of the doctors' UTC day and hour bitmaps (V81) of the rows before and after to
     * whether the doctor still has a booking made in that day and hour. The doctors' report_booked_doctors
     * rows are locked first (in id order), so the last of two changes to one doctor's bookings asks after
     * the first committed; each bit is written only when it changes, so the day's bitmap row is locked
     * only by the first booking of a doctor's day and the last one's cancellation.
     */
    private void presenceChanged(Counted before, Counted after) {
        Set<UUID> doctors = new TreeSet<>();
        doctors.add(after.doctorId());
        if (before != null) {
            doctors.add(before.doctorId());
        }
        Map<UUID, Integer> ordinals = new LinkedHashMap<>();
        jdbc.sql("SELECT doctor_id, ordinal FROM report_booked_doctors WHERE doctor_id IN (:doctors) ORDER BY doctor_id"
                        + " FOR UPDATE")
                .param("doctors", doctors)
                .query((rs, n) -> ordinals.put(rs.getObject("doctor_id", UUID.class), rs.getInt("ordinal"))).list();
        SortedSet<Presence> cells = new TreeSet<>();
        for (Counted row : before == null ? List.of(after) : List.of(before, after)) {
            Integer ordinal = ordinals.get(row.doctorId());
            if (ordinal == null) {
                throw new IllegalStateException("No reporting number for doctor " + row.doctorId());
            }
            cells.add(new Presence(row.startsAt().truncatedTo(ChronoUnit.DAYS), hour(row.startsAt()), ordinal,
                    row.doctorId()));
        }
        for (Presence cell : cells) {
            Map<String, Object> params = cell.params();
            jdbc.sql("""
                    WITH day AS (INSERT INTO report_doctor_days (day, chunk) VALUES (:dayDate, :chunk) ON CONFLICT DO NOTHING)
                    INSERT INTO report_doctor_hours (hour, chunk) VALUES (:hour, :chunk) ON CONFLICT DO NOTHING""")
                    .params(params).update();
            // a statement of its own: its snapshot holds the rows just inserted, by this change or another
            jdbc.sql("""
                    WITH present AS (
                        SELECT CAST(EXISTS (SELECT 1 FROM report_bookings WHERE doctor_id = :doctor AND status <> 'EXPIRED'
                                             AND starts_at >= :day AND starts_at < :dayEnd) AS integer) AS in_day,
                               CAST(EXISTS (SELECT 1 FROM report_bookings WHERE doctor_id = :doctor AND status <> 'EXPIRED'
                                             AND starts_at >= :hour AND starts_at < :hourEnd) AS integer) AS in_hour),
                    day AS (
                        UPDATE report_doctor_days t SET doctors = set_bit(t.doctors, :bit, p.in_day) FROM present p
                        WHERE t.day = :dayDate AND t.chunk = :chunk AND get_bit(t.doctors, :bit) <> p.in_day)
                    UPDATE report_doctor_hours t SET doctors = set_bit(t.doctors, :bit, p.in_hour) FROM present p
                    WHERE t.hour = :hour AND t.chunk = :chunk AND get_bit(t.doctors, :bit) <> p.in_hour""")
                    .params(params).update();
        }
    }

    /** A doctor's UTC day and hour, ordered so that two changes lock bitmap rows in the same order. */
    private record Presence(Instant day, Instant hour, int ordinal, UUID doctorId) implements Comparable<Presence> {

        static final int CHUNK_BITS = 8192;

        @Override
        public int compareTo(Presence other) {
            int byDay = day.compareTo(other.day);
            if (byDay != 0) {
                return byDay;
            }
            int byChunk = Integer.compare(ordinal / CHUNK_BITS, other.ordinal / CHUNK_BITS);
            if (byChunk != 0) {
                return byChunk;
            }
            int byHour = hour.compareTo(other.hour);
            return byHour != 0 ? byHour : Integer.compare(ordinal, other.ordinal);
        }

        Map<String, Object> params() {
            Map<String, Object> params = new LinkedHashMap<>();
            params.put("doctor", doctorId);
            params.put("chunk", ordinal / CHUNK_BITS);
            params.put("bit", ordinal % CHUNK_BITS);
            params.put("dayDate", LocalDate.ofInstant(day, ZoneOffset.UTC));
            params.put("day", JdbcReportStore.utc(day));
            params.put("dayEnd", JdbcReportStore.utc(day.plus(1, ChronoUnit.DAYS)));
            params.put("hour", JdbcReportStore.utc(hour));
            params.put("hourEnd", JdbcReportStore.utc(hour.plus(1, ChronoUnit.HOURS)));
            return params;
        }
    }

    private static void put(Map<String, Object> params, int i, int sign, Counted row) {
        params.put("s" + i, sign);
        params.put("status" + i, row.status());
        params.put("by" + i, row.cancelledBy());
        params.put("doctor" + i, row.doctorId());
        params.put("starts" + i, JdbcReportStore.utc(row.startsAt()));
        params.put("booked" + i, JdbcReportStore.utc(row.bookedAt()));
    }

    /**
     * The doctor's specialties or cities changed: the doctor's bookings leave the ranking rows of the
     * old ones and enter those of the new ones, day by day.
     */
    void doctorItemsChanged(UUID doctorId, String[] oldSpecialties, String[] oldCities, String[] specialties,
            String[] cities) {
        jdbc.sql("""
                WITH hours AS (SELECT %s AS hour, count(*) AS n FROM report_bookings
                               WHERE doctor_id = :doctor AND status <> 'EXPIRED' GROUP BY 1),
                items AS (SELECT -1, 'specialty', unnest(CAST(:oldSpecialties AS text[]))
                          UNION ALL SELECT -1, 'city', unnest(CAST(:oldCities AS text[]))
                          UNION ALL SELECT 1, 'specialty', unnest(CAST(:specialties AS text[]))
                          UNION ALL SELECT 1, 'city', unnest(CAST(:cities AS text[])) ),
                moved AS (SELECT i.dimension, h.hour, i.name, sum(i.sign * h.n) AS n
                          FROM hours h CROSS JOIN items AS i (sign, dimension, name)
                          GROUP BY 1, 2, 3 HAVING sum(i.sign * h.n) <> 0),
                by_day AS (
                    INSERT INTO report_rank_rollup AS t
                    SELECT dimension, CAST(hour AT TIME ZONE 'UTC' AS date), name, sum(n) FROM moved
                    GROUP BY 1, 2, 3 HAVING sum(n) <> 0 ORDER BY 1, 2, 3
                    ON CONFLICT (dimension, day, name) DO UPDATE SET bookings = t.bookings + EXCLUDED.bookings)
                INSERT INTO report_rank_hours AS t
                SELECT dimension, hour, name, n FROM moved ORDER BY 1, 2, 3
                ON CONFLICT (dimension, hour, name) DO UPDATE SET bookings = t.bookings + EXCLUDED.bookings
                """.formatted(HOUR.formatted("starts_at")))
                .param("doctor", doctorId).param("oldSpecialties", oldSpecialties).param("oldCities", oldCities)
                .param("specialties", specialties).param("cities", cities)
                .update();
    }
}
