package org.medbook.reporting.infrastructure;

import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Writes report_bookings and keeps the booking rollups (V77) in step with it: the row before a change
 * leaves its buckets, the row after enters its own. The one writer of bookings writes a whole batch of
 * them in one statement ({@link #PUT_BOOKINGS}), which appends both rows of every change to
 * report_booking_deltas (V86), and sets the doctors' presence bits in two more; {@link #fold} adds the
 * appended rows to the rollups later, one fold at a time, so no booking waits for the same hour's and
 * day's rollup rows as another.
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

    /** Each status's signed count in a bucket, as the select list of an upsert. */
    private static final String STATUS_COUNTS = STATUSES.stream()
            .map(status -> "coalesce(sum(sign) FILTER (WHERE status = '" + status + "'), 0)")
            .collect(Collectors.joining(",\n                   "));

    /** What an upsert adds to a bucket's status counts. */
    private static final String ADD_STATUS_COUNTS = STATUSES.stream().map(status -> status.toLowerCase(Locale.ROOT))
            .map(column -> column + " = t." + column + " + EXCLUDED." + column)
            .collect(Collectors.joining(",\n                "));

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

    /** Refuses a status or canceller the rollups have no column for. */
    static void checkCounted(String status, String cancelledBy) {
        if (!STATUSES.contains(status)) {
            throw new IllegalStateException("The reporting rollups have no column for status " + status);
        }
        if (cancelledBy != null && !CANCELLERS.contains(cancelledBy)) {
            throw new IllegalStateException("The reporting rollups have no column for cancellations by " + cancelledBy);
        }
    }

    /**
     * Writes a batch of bookings (arrays, one entry per booking, each booking once) into report_bookings and
     * appends what moved for the fold: for each booking whose counted facts changed, the row before with
     * sign -1 and the row after with +1, a new booking's row with +1, each with its doctor's specialties and
     * cities (share-locked, so a change of them waits for this commit or this waits for it), and gives each
     * doctor new here a reporting number. Returns the doctor and start of every row appended, whose presence
     * bits may have changed. One statement: every part reads report_bookings as it was before it, which
     * only the one writer of bookings changes.
     */
    static final String PUT_BOOKINGS = """
            WITH input AS (
                SELECT * FROM unnest(CAST(:ids AS uuid[]), CAST(:doctors AS uuid[]), CAST(:patients AS uuid[]),
                                     CAST(:statuses AS text[]), CAST(:types AS text[]), CAST(:methods AS text[]),
                                     CAST(:amounts AS bigint[]), CAST(:currencies AS text[]), CAST(:zones AS text[]),
                                     CAST(:starts AS timestamptz[]), CAST(:booked AS timestamptz[]),
                                     CAST(:cancelledBy AS text[]))
                    AS i (booking_id, doctor_id, patient_id, status, type, payment_method, amount_minor, currency,
                          time_zone, starts_at, booked, cancelled_by)),
            old AS (
                SELECT r.booking_id, r.status, r.cancelled_by, r.doctor_id, r.starts_at, r.booked_at
                FROM report_bookings r JOIN input USING (booking_id)),
            updated AS (
                UPDATE report_bookings r SET status = i.status, type = i.type, payment_method = i.payment_method,
                    amount_minor = i.amount_minor, currency = i.currency, starts_at = i.starts_at,
                    booked_at = CASE WHEN i.booked IS NULL THEN r.booked_at ELSE LEAST(r.booked_at, i.booked) END,
                    cancelled_by = COALESCE(i.cancelled_by, r.cancelled_by), updated_at = :now
                FROM input i
                WHERE r.booking_id = i.booking_id
                RETURNING r.booking_id, r.status, r.cancelled_by, r.doctor_id, r.starts_at, r.booked_at),
            inserted AS (
                INSERT INTO report_bookings (booking_id, doctor_id, patient_id, status, type, payment_method, amount_minor,
                                             currency, time_zone, booked_at, starts_at, cancelled_by, updated_at)
                SELECT booking_id, doctor_id, patient_id, status, type, payment_method, amount_minor, currency, time_zone,
                       COALESCE(booked, :now), starts_at, cancelled_by, :now
                FROM input i WHERE NOT EXISTS (SELECT 1 FROM old o WHERE o.booking_id = i.booking_id)
                ON CONFLICT (booking_id) DO NOTHING
                RETURNING booking_id, status, cancelled_by, doctor_id, starts_at, booked_at),
            changed AS (
                SELECT o.booking_id, o.status AS old_status, o.cancelled_by AS old_cancelled_by, o.doctor_id AS old_doctor_id,
                       o.starts_at AS old_starts_at, o.booked_at AS old_booked_at, n.status, n.cancelled_by, n.doctor_id,
                       n.starts_at, n.booked_at
                FROM old o JOIN updated n USING (booking_id)
                WHERE ROW(o.status, o.cancelled_by, o.doctor_id, o.starts_at, o.booked_at)
                      IS DISTINCT FROM ROW(n.status, n.cancelled_by, n.doctor_id, n.starts_at, n.booked_at)),
            moved AS (
                SELECT -1 AS sign, old_status AS status, old_cancelled_by AS cancelled_by, old_doctor_id AS doctor_id,
                       old_starts_at AS starts_at, old_booked_at AS booked_at FROM changed
                UNION ALL
                SELECT 1, status, cancelled_by, doctor_id, starts_at, booked_at FROM changed
                UNION ALL
                SELECT 1, status, cancelled_by, doctor_id, starts_at, booked_at FROM inserted),
            items AS (
                SELECT doctor_id, specialties, cities FROM report_doctors
                WHERE doctor_id IN (SELECT doctor_id FROM moved) ORDER BY doctor_id FOR SHARE),
            appended AS (
                INSERT INTO report_booking_deltas (sign, status, cancelled_by, doctor_id, starts_at, booked_at, specialties,
                                                   cities)
                SELECT m.sign, m.status, m.cancelled_by, m.doctor_id, m.starts_at, m.booked_at,
                       coalesce(d.specialties, CAST('{}' AS text[])), coalesce(d.cities, CAST('{}' AS text[]))
                FROM moved m LEFT JOIN items d USING (doctor_id)),
            numbered AS (
                -- only a doctor new here takes a number (a conflicting insert would use one up)
                INSERT INTO report_booked_doctors (doctor_id)
                SELECT DISTINCT doctor_id FROM moved m
                WHERE sign = 1 AND NOT EXISTS (SELECT 1 FROM report_booked_doctors b WHERE b.doctor_id = m.doctor_id)
                ORDER BY doctor_id
                ON CONFLICT DO NOTHING)
            SELECT DISTINCT doctor_id, starts_at FROM moved
            """;

    /** A doctor and an instant whose UTC day's and hour's presence bit may have changed. */
    record Cell(UUID doctorId, Instant startsAt) {
    }

    /**
     * Sets the bits of the doctors' UTC day and hour bitmaps (V81) of the cells to whether the doctor still
     * has a booking made in that day and hour, for all cells in two statements: the bitmap rows first (a
     * statement of its own, so the second one's snapshot holds them and the bookings just written), then
     * every bit, each bitmap row written once with all of its bits that changed. Runs under the lock of
     * the one writer of bookings, so no other change of report_bookings moves underneath.
     */
    void presenceChanged(List<Cell> cells) {
        if (cells.isEmpty()) {
            return;
        }
        String[] doctors = cells.stream().map(cell -> cell.doctorId().toString()).toArray(String[]::new);
        String[] starts = cells.stream().map(cell -> cell.startsAt().toString()).toArray(String[]::new);
        String touched = """
                WITH touched AS (
                    SELECT DISTINCT o.doctor_id, o.ordinal, o.ordinal / 8192 AS chunk, o.ordinal %% 8192 AS bit,
                           CAST(t.starts_at AT TIME ZONE 'UTC' AS date) AS day, %s AS hour
                    FROM unnest(CAST(:doctors AS uuid[]), CAST(:starts AS timestamptz[])) AS t (doctor_id, starts_at)
                         JOIN report_booked_doctors o USING (doctor_id))
                """.formatted(HOUR.formatted("t.starts_at"));
        jdbc.sql(touched + """
                , days AS (INSERT INTO report_doctor_days (day, chunk) SELECT DISTINCT day, chunk FROM touched
                           ORDER BY 1, 2 ON CONFLICT DO NOTHING)
                INSERT INTO report_doctor_hours (hour, chunk) SELECT DISTINCT hour, chunk FROM touched
                ORDER BY 1, 2 ON CONFLICT DO NOTHING""")
                .param("doctors", doctors).param("starts", starts).update();
        jdbc.sql(touched + """
                , present AS (
                    SELECT t.*,
                           EXISTS (SELECT 1 FROM report_bookings b WHERE b.doctor_id = t.doctor_id AND b.status <> 'EXPIRED'
                                   AND b.starts_at >= CAST(t.day AS timestamp) AT TIME ZONE 'UTC'
                                   AND b.starts_at < CAST(t.day + 1 AS timestamp) AT TIME ZONE 'UTC') AS in_day,
                           EXISTS (SELECT 1 FROM report_bookings b WHERE b.doctor_id = t.doctor_id AND b.status <> 'EXPIRED'
                                   AND b.starts_at >= t.hour AND b.starts_at < t.hour + INTERVAL '1 hour') AS in_hour
                    FROM touched t),
                day_bits AS (
                    SELECT day, chunk, bit_or(set_bit(CAST(B'0' AS bit(8192)), bit, 1)) AS mask,
                           bit_or(set_bit(CAST(B'0' AS bit(8192)), bit, CAST(in_day AS integer))) AS bits
                    FROM (SELECT DISTINCT day, chunk, bit, in_day FROM present) AS p GROUP BY 1, 2),
                hour_bits AS (
                    SELECT hour, chunk, bit_or(set_bit(CAST(B'0' AS bit(8192)), bit, 1)) AS mask,
                           bit_or(set_bit(CAST(B'0' AS bit(8192)), bit, CAST(in_hour AS integer))) AS bits
                    FROM present GROUP BY 1, 2),
                days AS (
                    UPDATE report_doctor_days t SET doctors = (t.doctors & ~b.mask) | b.bits FROM day_bits b
                    WHERE t.day = b.day AND t.chunk = b.chunk AND (t.doctors & b.mask) <> b.bits)
                UPDATE report_doctor_hours t SET doctors = (t.doctors & ~b.mask) | b.bits FROM hour_bits b
                WHERE t.hour = b.hour AND t.chunk = b.chunk AND (t.doctors & b.mask) <> b.bits""")
                .param("doctors", doctors).param("starts", starts).update();
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
