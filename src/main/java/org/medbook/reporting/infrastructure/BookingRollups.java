package org.medbook.reporting.infrastructure;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;


import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Keeps the booking rollups (V77) in step with report_bookings: the row before a change leaves its
 * buckets, the row after enters its own. Runs in the transaction that changes the row, which holds the
 * row's lock and a share lock on its doctor's report_doctors row (whose specialties and cities the
 * ranking counts), so neither can move underneath. Each statement upserts its buckets in key order, so
 * two changes that touch the same two buckets lock them in the same order.
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

    private static final String ROWS = """
            WITH v (sign, status, cancelled_by, doctor_id, starts_at, booked_at) AS (
                VALUES (CAST(:s0 AS integer), CAST(:status0 AS text), CAST(:by0 AS text), CAST(:doctor0 AS uuid),
                        CAST(:starts0 AS timestamptz), CAST(:booked0 AS timestamptz)),
                       (CAST(:s1 AS integer), CAST(:status1 AS text), CAST(:by1 AS text), CAST(:doctor1 AS uuid),
                        CAST(:starts1 AS timestamptz), CAST(:booked1 AS timestamptz))),
            r AS (SELECT * FROM v WHERE sign <> 0)
            """;

    private static final String STARTS = ROWS + """
            INSERT INTO report_starts_rollup AS t
            SELECT %s,
                   %2$s,
                   coalesce(sum(sign) FILTER (WHERE status = 'CANCELLED' AND cancelled_by = 'PATIENT'), 0),
                   coalesce(sum(sign) FILTER (WHERE status = 'CANCELLED' AND cancelled_by = 'DOCTOR'), 0),
                   coalesce(sum(sign) FILTER (WHERE status = 'CANCELLED' AND cancelled_by = 'STAFF'), 0),
                   coalesce(sum(sign) FILTER (WHERE status = 'CANCELLED' AND cancelled_by = 'SYSTEM'), 0),
                   coalesce(sum(sign) FILTER (WHERE status = 'CANCELLED' AND cancelled_by IS NULL), 0),
                   coalesce(sum(sign) FILTER (WHERE status <> 'EXPIRED'), 0),
                   coalesce(sum(sign * extract(epoch FROM starts_at - booked_at)) FILTER (WHERE status <> 'EXPIRED'), 0)
            FROM r GROUP BY 1 ORDER BY 1
            ON CONFLICT (bucket) DO UPDATE SET
                %3$s,
                cancelled_by_patient = t.cancelled_by_patient + EXCLUDED.cancelled_by_patient,
                cancelled_by_doctor = t.cancelled_by_doctor + EXCLUDED.cancelled_by_doctor,
                cancelled_by_staff = t.cancelled_by_staff + EXCLUDED.cancelled_by_staff,
                cancelled_by_system = t.cancelled_by_system + EXCLUDED.cancelled_by_system,
                cancelled_by_unknown = t.cancelled_by_unknown + EXCLUDED.cancelled_by_unknown,
                lead_count = t.lead_count + EXCLUDED.lead_count, lead_seconds = t.lead_seconds + EXCLUDED.lead_seconds
            """.formatted(QUARTER.formatted("starts_at"), STATUS_COUNTS, ADD_STATUS_COUNTS);

    private static final String BOOKED = ROWS + """
            INSERT INTO report_booked_rollup AS t
            SELECT %s,
                   %2$s
            FROM r GROUP BY 1 ORDER BY 1
            ON CONFLICT (bucket) DO UPDATE SET
                %3$s
            """.formatted(QUARTER.formatted("booked_at"), STATUS_COUNTS, ADD_STATUS_COUNTS);

    private static final String LEAD = ROWS + """
            INSERT INTO report_lead_rollup AS t
            SELECT CAST(starts_at AT TIME ZONE 'UTC' AS date), report_lead_bin(extract(epoch FROM starts_at - booked_at)),
                   sum(sign)
            FROM r WHERE status <> 'EXPIRED' GROUP BY 1, 2 HAVING sum(sign) <> 0 ORDER BY 1, 2
            ON CONFLICT (day, lead_bin) DO UPDATE SET bookings = t.bookings + EXCLUDED.bookings
            """;

    private static final String RANK = ROWS + """
            INSERT INTO report_rank_rollup AS t
            SELECT item.dimension, CAST(r.starts_at AT TIME ZONE 'UTC' AS date), item.name, sum(r.sign)
            FROM r JOIN report_doctors d USING (doctor_id)
                   CROSS JOIN LATERAL (SELECT 'specialty', unnest(d.specialties)
                                       UNION ALL SELECT 'city', unnest(d.cities)) AS item (dimension, name)
            WHERE r.status <> 'EXPIRED' GROUP BY 1, 2, 3 HAVING sum(r.sign) <> 0 ORDER BY 1, 2, 3
            ON CONFLICT (dimension, day, name) DO UPDATE SET bookings = t.bookings + EXCLUDED.bookings
            """;

    private final JdbcClient jdbc;

    BookingRollups(JdbcClient jdbc) {
        this.jdbc = jdbc;
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
        for (String sql : new String[] {STARTS, BOOKED, LEAD, RANK}) {
            jdbc.sql(sql).params(params).update();
        }
        if (before == null || !before.doctorId().equals(after.doctorId())) {
            jdbc.sql("INSERT INTO report_booked_doctors (doctor_id) VALUES (:doctor) ON CONFLICT DO NOTHING")
                    .param("doctor", after.doctorId()).update();
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
                INSERT INTO report_rank_rollup AS t
                SELECT item.dimension, c.day, item.name, sum(item.sign * c.n)
                FROM (SELECT CAST(starts_at AT TIME ZONE 'UTC' AS date) AS day, count(*) AS n FROM report_bookings
                      WHERE doctor_id = :doctor AND status <> 'EXPIRED' GROUP BY 1) AS c
                     CROSS JOIN (SELECT -1, 'specialty', unnest(CAST(:oldSpecialties AS text[]))
                                 UNION ALL SELECT -1, 'city', unnest(CAST(:oldCities AS text[]))
                                 UNION ALL SELECT 1, 'specialty', unnest(CAST(:specialties AS text[]))
                                 UNION ALL SELECT 1, 'city', unnest(CAST(:cities AS text[]))) AS item (sign, dimension, name)
                GROUP BY 1, 2, 3 HAVING sum(item.sign * c.n) <> 0 ORDER BY 1, 2, 3
                ON CONFLICT (dimension, day, name) DO UPDATE SET bookings = t.bookings + EXCLUDED.bookings
                """)
                .param("doctor", doctorId).param("oldSpecialties", oldSpecialties).param("oldCities", oldCities)
                .param("specialties", specialties).param("cities", cities)
                .update();
    }
}
