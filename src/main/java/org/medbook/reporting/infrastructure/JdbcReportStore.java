package org.medbook.reporting.infrastructure;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.UUID;

import org.medbook.reporting.application.ReportStore;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

@Repository
class JdbcReportStore implements ReportStore {

    private final JdbcClient jdbc;

    JdbcReportStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public void putBooking(BookingRow b, Instant bookedAt, String cancelledBy, Instant now) {
        // A booking first seen through a later event counts as booked then, until its first event arrives.
        jdbc.sql("""
                INSERT INTO report_bookings (booking_id, doctor_id, patient_id, status, type, payment_method, amount_minor,
                                             currency, time_zone, booked_at, starts_at, cancelled_by, updated_at)
                VALUES (:id, :doctor, :patient, :status, :type, :method, :amount, :currency, :zone,
                        COALESCE(CAST(:booked AS timestamptz), :now), :starts, :cancelledBy, :now)
                ON CONFLICT (booking_id) DO UPDATE SET status = EXCLUDED.status, type = EXCLUDED.type,
                    payment_method = EXCLUDED.payment_method, amount_minor = EXCLUDED.amount_minor,
                    currency = EXCLUDED.currency, starts_at = EXCLUDED.starts_at,
                    booked_at = CASE WHEN CAST(:booked AS timestamptz) IS NULL THEN report_bookings.booked_at
                                     ELSE LEAST(report_bookings.booked_at, EXCLUDED.booked_at) END,
                    cancelled_by = COALESCE(EXCLUDED.cancelled_by, report_bookings.cancelled_by),
                    updated_at = EXCLUDED.updated_at
                """)
                .param("id", b.bookingId()).param("doctor", b.doctorId()).param("patient", b.patientId())
                .param("status", b.status()).param("type", b.type()).param("method", b.paymentMethod())
                .param("amount", b.amountMinor()).param("currency", b.currency()).param("zone", b.timeZone())
                .param("booked", utc(bookedAt)).param("now", utc(now)).param("starts", utc(b.startsAt()))
                .param("cancelledBy", cancelledBy)
                .update();
    }

    @Override
    public void cashWaived(UUID bookingId, Instant at) {
        jdbc.sql("INSERT INTO report_cash_waived (booking_id, waived_at) VALUES (:booking, :at) ON CONFLICT DO NOTHING")
                .param("booking", bookingId).param("at", utc(at)).update();
    }

    @Override
    public void addMoney(UUID eventId, UUID bookingId, UUID doctorId, String kind, String paymentMethod, String type,
            long amountMinor, String currency, Instant at) {
        jdbc.sql("""
                INSERT INTO report_money (event_id, booking_id, doctor_id, kind, payment_method, type, amount_minor,
                                          currency, occurred_at)
                VALUES (:event, :booking, :doctor, :kind, :method, :type, :amount, :currency, :at)
                ON CONFLICT (event_id) DO NOTHING
                """)
                .param("event", eventId).param("booking", bookingId).param("doctor", doctorId).param("kind", kind)
                .param("method", paymentMethod).param("type", type).param("amount", amountMinor)
                .param("currency", currency).param("at", utc(at))
                .update();
    }

    @Override
    public void putReview(UUID reviewId, UUID doctorId, int rating, Instant createdAt) {
        jdbc.sql("""
                INSERT INTO report_reviews (review_id, doctor_id, rating, created_at) VALUES (:id, :doctor, :rating, :at)
                ON CONFLICT (review_id) DO NOTHING
                """)
                .param("id", reviewId).param("doctor", doctorId).param("rating", rating).param("at", utc(createdAt))
                .update();
    }

    @Override
    public void rateReview(UUID reviewId, int rating) {
        jdbc.sql("UPDATE report_reviews SET rating = :rating WHERE review_id = :id").param("id", reviewId)
                .param("rating", rating).update();
    }

    @Override
    public void hideReview(UUID reviewId, boolean hidden) {
        jdbc.sql("UPDATE report_reviews SET hidden = :hidden WHERE review_id = :id").param("id", reviewId)
                .param("hidden", hidden).update();
    }

    @Override
    public void putDoctor(UUID doctorId, Collection<String> specialties, Collection<String> cities, boolean bookable,
            Instant now) {
        jdbc.sql("""
                INSERT INTO report_doctors (doctor_id, specialties, cities, bookable, created_at, verified_at)
                VALUES (:id, :specialties, :cities, :bookable, :now, CASE WHEN :bookable THEN CAST(:now AS timestamptz) END)
                ON CONFLICT (doctor_id) DO UPDATE SET specialties = EXCLUDED.specialties, cities = EXCLUDED.cities,
                    bookable = EXCLUDED.bookable, verified_at = COALESCE(report_doctors.verified_at, EXCLUDED.verified_at)
                """)
                .param("id", doctorId).param("specialties", specialties.toArray(String[]::new))
                .param("cities", cities.toArray(String[]::new)).param("bookable", bookable).param("now", utc(now))
                .update();
    }

    @Override
    public void addPatient(UUID patientId, Instant registeredAt) {
        jdbc.sql("INSERT INTO report_patients (patient_id, registered_at) VALUES (:id, :at) ON CONFLICT DO NOTHING")
                .param("id", patientId).param("at", utc(registeredAt)).update();
    }

    static OffsetDateTime utc(Instant instant) {
        return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
    }
}
