package org.medbook.reporting.infrastructure;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.medbook.reporting.application.ReportStore;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

@Repository
class JdbcReportStore implements ReportStore {

    private final JdbcClient jdbc;
    private final BookingRollups rollups;

    JdbcReportStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
        this.rollups = new BookingRollups(jdbc);
    }

    @Override
    public void putBooking(BookingRow b, Instant bookedAt, String cancelledBy, Instant now) {
        // The doctor's specialties and cities stay as they are until the ranking rows below are written.
        jdbc.sql("SELECT 1 FROM report_doctors WHERE doctor_id = :doctor FOR SHARE").param("doctor", b.doctorId())
                .query(Integer.class).optional();
        // A booking first seen through a later event counts as booked then, until its first event arrives.
        Optional<BookingRollups.Counted> inserted = jdbc.sql("""
                INSERT INTO report_bookings (booking_id, doctor_id, patient_id, status, type, payment_method, amount_minor,
                                             currency, time_zone, booked_at, starts_at, cancelled_by, updated_at)
                VALUES (:id, :doctor, :patient, :status, :type, :method, :amount, :currency, :zone,
                        COALESCE(CAST(:booked AS timestamptz), :now), :starts, :cancelledBy, :now)
                ON CONFLICT (booking_id) DO NOTHING
                RETURNING status, cancelled_by, doctor_id, starts_at, booked_at
                """)
                .params(bookingParams(b, bookedAt, cancelledBy, now))
                .query((rs, n) -> counted(rs, "")).optional();
        if (inserted.isPresent()) {
            rollups.moved(null, inserted.get());
            return;
        }
        // The row as it was (locked, so a concurrent change of the same booking waits) and as it is now.
        jdbc.sql("""
                UPDATE report_bookings r SET status = :status, type = :type, payment_method = :method,
                    amount_minor = :amount, currency = :currency, starts_at = :starts,
                    booked_at = CASE WHEN CAST(:booked AS timestamptz) IS NULL THEN p.booked_at
                                     ELSE LEAST(p.booked_at, CAST(:booked AS timestamptz)) END,
                    cancelled_by = COALESCE(:cancelledBy, p.cancelled_by), updated_at = :now
                FROM (SELECT booking_id, status, cancelled_by, doctor_id, starts_at, booked_at FROM report_bookings
                      WHERE booking_id = :id FOR UPDATE) p
                WHERE r.booking_id = p.booking_id
                RETURNING p.status AS old_status, p.cancelled_by AS old_cancelled_by, p.doctor_id AS old_doctor_id,
                          p.starts_at AS old_starts_at, p.booked_at AS old_booked_at,
                          r.status, r.cancelled_by, r.doctor_id, r.starts_at, r.booked_at
                """)
                .params(bookingParams(b, bookedAt, cancelledBy, now))
                .query((rs, n) -> new BookingRollups.Counted[] {counted(rs, "old_"), counted(rs, "")})
                .optional()
                .ifPresent(change -> rollups.moved(change[0], change[1]));
    }

    private static Map<String, Object> bookingParams(BookingRow b, Instant bookedAt, String cancelledBy,
            Instant now) {
        Map<String, Object> params = new HashMap<>();
        params.put("id", b.bookingId());
        params.put("doctor", b.doctorId());
        params.put("patient", b.patientId());
        params.put("status", b.status());
        params.put("type", b.type());
        params.put("method", b.paymentMethod());
        params.put("amount", b.amountMinor());
        params.put("currency", b.currency());
        params.put("zone", b.timeZone());
        params.put("booked", utc(bookedAt));
        params.put("now", utc(now));
        params.put("starts", utc(b.startsAt()));
        params.put("cancelledBy", cancelledBy);
        return params;
    }

    private static BookingRollups.Counted counted(ResultSet rs, String prefix) throws SQLException {
        return new BookingRollups.Counted(rs.getString(prefix + "status"), rs.getString(prefix + "cancelled_by"),
                rs.getObject(prefix + "doctor_id", UUID.class),
                rs.getObject(prefix + "starts_at", OffsetDateTime.class).toInstant(),
                rs.getObject(prefix + "booked_at", OffsetDateTime.class).toInstant());
    }

    @Override
    public void cashWaived(UUID bookingId, Instant at) {
        jdbc.sql("INSERT INTO report_cash_waived (booking_id, waived_at) VALUES (:booking, :at) ON CONFLICT DO NOTHING")
                .param("booking", bookingId).param("at", utc(at)).update();
    }

    @Override
    public void addMoney(UUID eventId, UUID bookingId, UUID doctorId, String kind, String paymentMethod, String type,
            long amountMinor, String currency, Instant at) {
        // the platform's money rollups are hot rows (every payment of the quarter hour): appended for the fold
        jdbc.sql("""
                WITH added AS (
                    INSERT INTO report_money (event_id, booking_id, doctor_id, kind, payment_method, type, amount_minor,
                                              currency, occurred_at)
                    VALUES (:event, :booking, :doctor, :kind, :method, :type, :amount, :currency, :at)
                    ON CONFLICT (event_id) DO NOTHING
                    RETURNING kind, amount_minor, currency, occurred_at)
                INSERT INTO report_money_deltas (currency, revenue_minor, refunds_minor, occurred_at)
                SELECT currency, CASE WHEN kind <> 'REFUND' THEN amount_minor ELSE 0 END,
                       CASE WHEN kind = 'REFUND' THEN amount_minor ELSE 0 END, occurred_at
                FROM added
                """)
                .param("event", eventId).param("booking", bookingId).param("doctor", doctorId).param("kind", kind)
                .param("method", paymentMethod).param("type", type).param("amount", amountMinor)
                .param("currency", currency).param("at", utc(at))
                .update();
    }

    @Override
    public long foldRollups(boolean wait) {
        return rollups.fold(wait);
    }

    /** A new visible review's row of a reviews rollup (its bucket expression left to fill in). */
    private static final String ADDED_REVIEW = "SELECT %s, 1, rating FROM added WHERE NOT hidden";
    /** What a review's change moves in a reviews rollup (its bucket expression left to fill in). */
    private static final String CHANGED_REVIEW = "SELECT %s, reviews, rating_sum FROM delta WHERE reviews <> 0 OR rating_sum <> 0";

    /** Reviews and ratings ({@code delta}'s) added to a rollup row of {@code table} (V77 quarter hours, V83 days). */
    private static String reviewsUpsert(String table, String bucket, String key, String delta) {
        return """
                INSERT INTO %s AS t
                %s
                ON CONFLICT (%s) DO UPDATE SET reviews = t.reviews + EXCLUDED.reviews,
                    rating_sum = t.rating_sum + EXCLUDED.rating_sum""".formatted(table, delta.formatted(bucket), key);
    }

    @Override
    public void putReview(UUID reviewId, UUID doctorId, int rating, Instant createdAt) {
        jdbc.sql("""
                WITH added AS (
                    INSERT INTO report_reviews (review_id, doctor_id, rating, created_at) VALUES (:id, :doctor, :rating, :at)
                    ON CONFLICT (review_id) DO NOTHING
                    RETURNING rating, hidden, created_at),
                quarter AS (%s)
                %s
                """.formatted(reviewsUpsert("report_reviews_rollup", BookingRollups.QUARTER.formatted("created_at"), "bucket",
                                ADDED_REVIEW),
                        reviewsUpsert("report_reviews_days", BookingRollups.UTC_DAY.formatted("created_at"), "day", ADDED_REVIEW)))
                .param("id", reviewId).param("doctor", doctorId).param("rating", rating).param("at", utc(createdAt))
                .update();
    }

    @Override
    public void rateReview(UUID reviewId, int rating) {
        changeReview("rating = :value", reviewId, rating);
    }

    @Override
    public void hideReview(UUID reviewId, boolean hidden) {
        changeReview("hidden = :value", reviewId, hidden);
    }

    /** Changes the review and moves it in the rollup: the visible review before leaves, the one after enters. */
    private void changeReview(String assignment, UUID reviewId, Object value) {
        jdbc.sql("""
                WITH changed AS (
                    UPDATE report_reviews r SET %s
                    FROM (SELECT review_id, rating, hidden FROM report_reviews WHERE review_id = :id FOR UPDATE) p
                    WHERE r.review_id = p.review_id
                    RETURNING r.created_at, p.rating AS old_rating, p.hidden AS old_hidden, r.rating, r.hidden),
                delta AS (
                    SELECT created_at, (CASE WHEN NOT hidden THEN 1 ELSE 0 END)
                                           - (CASE WHEN NOT old_hidden THEN 1 ELSE 0 END) AS reviews,
                           (CASE WHEN NOT hidden THEN rating ELSE 0 END)
                               - (CASE WHEN NOT old_hidden THEN old_rating ELSE 0 END) AS rating_sum
                    FROM changed),
                quarter AS (%s)
                %s
                """.formatted(assignment, reviewsUpsert("report_reviews_rollup", BookingRollups.QUARTER.formatted("created_at"),
                                "bucket", CHANGED_REVIEW),
                        reviewsUpsert("report_reviews_days", BookingRollups.UTC_DAY.formatted("created_at"), "day",
                                CHANGED_REVIEW)))
                .param("id", reviewId).param("value", value).update();
    }

    @Override
    public void putDoctor(UUID doctorId, Collection<String> specialties, Collection<String> cities, boolean bookable,
            Instant now) {
        String[] newSpecialties = specialties.toArray(String[]::new);
        String[] newCities = cities.toArray(String[]::new);
        // Locked until commit: a booking of this doctor counted meanwhile waits, then sees the new lists.
        Optional<String[][]> before = jdbc.sql(
                        "SELECT specialties, cities FROM report_doctors WHERE doctor_id = :id FOR UPDATE")
                .param("id", doctorId)
                .query((rs, n) -> new String[][] {(String[]) rs.getArray("specialties").getArray(),
                        (String[]) rs.getArray("cities").getArray()})
                .optional();
        jdbc.sql("""
                INSERT INTO report_doctors (doctor_id, specialties, cities, bookable, created_at, verified_at)
                VALUES (:id, :specialties, :cities, :bookable, :now, CASE WHEN :bookable THEN CAST(:now AS timestamptz) END)
                ON CONFLICT (doctor_id) DO UPDATE SET specialties = EXCLUDED.specialties, cities = EXCLUDED.cities,
                    bookable = EXCLUDED.bookable, verified_at = COALESCE(report_doctors.verified_at, EXCLUDED.verified_at)
                """)
                .param("id", doctorId).param("specialties", newSpecialties)
                .param("cities", newCities).param("bookable", bookable).param("now", utc(now))
                .update();
        String[] oldSpecialties = before.map(b -> b[0]).orElse(new String[0]);
        String[] oldCities = before.map(b -> b[1]).orElse(new String[0]);
        if (!Arrays.equals(oldSpecialties, newSpecialties) || !Arrays.equals(oldCities, newCities)) {
            rollups.doctorItemsChanged(doctorId, oldSpecialties, oldCities, newSpecialties, newCities);
        }
    }

    @Override
    public void addPatient(UUID patientId, Instant registeredAt) {
        jdbc.sql("""
                WITH added AS (
                    INSERT INTO report_patients (patient_id, registered_at) VALUES (:id, :at) ON CONFLICT DO NOTHING
                    RETURNING registered_at),
                quarter AS (
                    INSERT INTO report_patients_rollup AS t (bucket, patients) SELECT %s, 1 FROM added
                    ON CONFLICT (bucket) DO UPDATE SET patients = t.patients + EXCLUDED.patients)
                INSERT INTO report_patients_days AS t (day, patients) SELECT %s, 1 FROM added
                ON CONFLICT (day) DO UPDATE SET patients = t.patients + EXCLUDED.patients
                """.formatted(BookingRollups.QUARTER.formatted("registered_at"),
                        BookingRollups.UTC_DAY.formatted("registered_at")))
                .param("id", patientId).param("at", utc(registeredAt)).update();
    }

    static OffsetDateTime utc(Instant instant) {
        return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
    }
}
