package org.medbook.reporting.infrastructure;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.medbook.booking.Bookings;
import org.medbook.reporting.application.ReportStore;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionSynchronizationManager;

@Repository
class JdbcReportStore implements ReportStore {

    private final JdbcClient jdbc;
    private final BookingRollups rollups;

    JdbcReportStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
        this.rollups = new BookingRollups(jdbc);
    }

    /** An arbitrary constant: the transaction-scoped advisory lock held by the one writer of bookings. */
    private static final long BOOKING_WRITER = 0x6d65_6462_7772_6974L;

    @Override
    @Transactional
    public void putBooking(BookingRow booking, Instant bookedAt, String cancelledBy, Instant now) {
        putBookings(List.of(new BookingChange(booking, bookedAt, cancelledBy)), now);
    }

    @Override
    @Transactional
    public void putBookings(List<BookingChange> changes, Instant now) {
        if (changes.isEmpty()) {
            return;
        }
        lockBookingWriter(true);
        int n = changes.size();
        String[] ids = new String[n];
        String[] doctors = new String[n];
        String[] patients = new String[n];
        String[] statuses = new String[n];
        String[] types = new String[n];
        String[] methods = new String[n];
        Long[] amounts = new Long[n];
        String[] currencies = new String[n];
        String[] zones = new String[n];
        String[] starts = new String[n];
        String[] booked = new String[n];
        String[] cancelledBy = new String[n];
        Set<UUID> seen = new HashSet<>();
        for (int i = 0; i < n; i++) {
            BookingChange change = changes.get(i);
            BookingRow b = change.booking();
            if (!seen.add(b.bookingId())) {
                throw new IllegalArgumentException("Booking " + b.bookingId() + " changes twice in one batch");
            }
            BookingRollups.checkCounted(b.status(), change.cancelledBy());
            ids[i] = b.bookingId().toString();
            doctors[i] = b.doctorId().toString();
            patients[i] = b.patientId().toString();
            statuses[i] = b.status();
            types[i] = b.type();
            methods[i] = b.paymentMethod();
            amounts[i] = b.amountMinor();
            currencies[i] = b.currency();
            zones[i] = b.timeZone();
            starts[i] = b.startsAt().toString();
            booked[i] = change.bookedAt() == null ? null : change.bookedAt().toString();
            cancelledBy[i] = change.cancelledBy();
        }
        Map<String, Object> params = new HashMap<>();
        params.put("ids", ids);
        params.put("doctors", doctors);
        params.put("patients", patients);
        params.put("statuses", statuses);
        params.put("types", types);
        params.put("methods", methods);
        params.put("amounts", amounts);
        params.put("currencies", currencies);
        params.put("zones", zones);
        params.put("starts", starts);
        params.put("booked", booked);
        params.put("cancelledBy", cancelledBy);
        params.put("now", utc(now));
        // where the rows before and after every change that moved what the rollups count start
        List<BookingRollups.Cell> moved = jdbc.sql(BookingRollups.PUT_BOOKINGS).params(params)
                .query((rs, i) -> new BookingRollups.Cell(rs.getObject("doctor_id", UUID.class),
                        rs.getObject("starts_at", OffsetDateTime.class).toInstant()))
                .list();
        rollups.presenceChanged(moved);
    }

    @Override
    public Bookings.FeedPosition feedPosition(String reader) {
        return jdbc.sql("""
                        SELECT CAST(CAST(after_tx AS text) AS bigint) AS after_tx, after_booking FROM report_feed
                        WHERE reader = :reader""")
                .param("reader", reader)
                .query((rs, n) -> new Bookings.FeedPosition(rs.getLong("after_tx"), rs.getObject("after_booking", UUID.class)))
                .optional()
                .orElseThrow(() -> new IllegalStateException("The booking change feed has no reader " + reader));
    }

    @Override
    public void moveFeed(String reader, Bookings.FeedPosition position) {
        jdbc.sql("""
                        UPDATE report_feed SET after_tx = CAST(CAST(:tx AS text) AS xid8), after_booking = :booking
                        WHERE reader = :reader AND (after_tx, after_booking) < (CAST(CAST(:tx AS text) AS xid8), :booking)""")
                .param("reader", reader).param("tx", position.transaction()).param("booking", position.bookingId())
                .update();
    }

    @Override
    public void queueFailed(UUID bookingId, Instant bookedAt, String cancelledBy, Instant now, String error) {
        jdbc.sql("""
                        INSERT INTO report_inbox (booking_id, booked_at, cancelled_by, attempts, retry_at, error)
                        VALUES (:booking, :booked, :by, 1, CAST(:now AS timestamptz) + INTERVAL '1 minute', :error)""")
                .param("booking", bookingId).param("booked", utc(bookedAt)).param("by", cancelledBy)
                .param("now", utc(now)).param("error", error).update();
    }

    @Override
    public boolean lockBookingWriter(boolean wait) {
        if (!TransactionSynchronizationManager.isActualTransactionActive()) {
            throw new IllegalStateException("The writer of bookings needs a transaction: its lock lasts as long");
        }
        if (wait) {
            jdbc.sql("SELECT pg_advisory_xact_lock(:key)").param("key", BOOKING_WRITER).query((rs, n) -> 1).single();
            return true;
        }
        return jdbc.sql("SELECT pg_try_advisory_xact_lock(:key)").param("key", BOOKING_WRITER).query(Boolean.class)
                .single();
    }

    @Override
    public List<QueuedBooking> takeQueued(int limit, Instant now) {
        return jdbc.sql("""
                        WITH taken AS (
                            DELETE FROM report_inbox WHERE id IN (
                                SELECT id FROM report_inbox WHERE retry_at <= :now ORDER BY id LIMIT :limit FOR UPDATE SKIP LOCKED)
                            RETURNING id, booking_id, booked_at, cancelled_by, attempts)
                        SELECT * FROM taken ORDER BY id""")
                .param("now", utc(now)).param("limit", limit)
                .query(JdbcReportStore::queued).list();
    }

    @Override
    public List<Long> queuedIds(int limit, Instant now) {
        return jdbc.sql("SELECT id FROM report_inbox WHERE retry_at <= :now ORDER BY id LIMIT :limit")
                .param("now", utc(now)).param("limit", limit).query(Long.class).list();
    }

    @Override
    public List<QueuedBooking> takeQueued(long id) {
        return jdbc.sql("DELETE FROM report_inbox WHERE id = :id RETURNING id, booking_id, booked_at, cancelled_by, attempts")
                .param("id", id).query(JdbcReportStore::queued).list();
    }

    @Override
    public void postpone(long id, Instant now, String error) {
        jdbc.sql("""
                        UPDATE report_inbox SET attempts = attempts + 1, error = :error,
                            retry_at = CAST(:now AS timestamptz) + least(INTERVAL '1 minute' * power(2, least(attempts, 10)),
                                                                        INTERVAL '1 hour')
                        WHERE id = :id""")
                .param("id", id).param("now", utc(now)).param("error", error).update();
    }

    private static QueuedBooking queued(ResultSet rs, int row) throws SQLException {
        OffsetDateTime booked = rs.getObject("booked_at", OffsetDateTime.class);
        return new QueuedBooking(rs.getLong("id"), rs.getObject("booking_id", UUID.class),
                booked == null ? null : booked.toInstant(), rs.getString("cancelled_by"), rs.getInt("attempts"));
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
