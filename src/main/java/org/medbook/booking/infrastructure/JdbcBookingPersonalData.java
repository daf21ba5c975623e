package org.medbook.booking.infrastructure;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

import org.medbook.booking.application.CancelErasedAccountBookingsCommand;
import org.medbook.booking.application.CancelErasedAccountBookingsHandler;
import org.medbook.identity.UserId;
import org.medbook.shared.crypto.FieldCipher;
import org.medbook.shared.privacy.PersonalData;
import org.medbook.shared.privacy.PersonalDataPart;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * A user's bookings, with their history. Erasure runs first: future bookings are cancelled by the system
 * (refunded in full through the usual path), then the free texts (reason for the visit, cancellation
 * notes) are removed; the bookings themselves are accounting records and stay, pointing to an account id
 * that no longer names anybody.
 */
@Component
class JdbcBookingPersonalData implements PersonalData {

    private final JdbcClient jdbc;
    private final FieldCipher cipher;
    private final CancelErasedAccountBookingsHandler cancelFutureBookings;

    JdbcBookingPersonalData(JdbcClient jdbc, FieldCipher cipher, CancelErasedAccountBookingsHandler cancelFutureBookings) {
        this.jdbc = jdbc;
        this.cipher = cipher;
        this.cancelFutureBookings = cancelFutureBookings;
    }

    record BookingRecord(UUID id, String role, UUID doctorId, UUID patientId, String status, Instant start, Instant end,
                         String type, UUID locationId, String timeZone, String reason, String paymentMethod,
                         long amountMinor, String currency, String cancelledBy, String cancellationReason,
                         Instant createdAt, List<Change> changes) {
    }

    record Change(Instant at, String change, Instant oldStart, Instant newStart, String note) {
    }

    @Override
    public String part() {
        return "bookings";
    }

    @Override
    public PersonalDataPart export(UUID userId) {
        return PersonalDataPart.of(jdbc.sql("""
                SELECT * FROM appointments WHERE patient_id = :user OR doctor_id = :user ORDER BY starts_at, id
                """).param("user", userId).query((rs, row) -> booking(rs, userId)).list());
    }

    private BookingRecord booking(ResultSet rs, UUID userId) throws SQLException {
        UUID id = rs.getObject("id", UUID.class);
        byte[] reason = rs.getBytes("reason_enc");
        return new BookingRecord(id, userId.equals(rs.getObject("patient_id", UUID.class)) ? "PATIENT" : "DOCTOR",
                rs.getObject("doctor_id", UUID.class), rs.getObject("patient_id", UUID.class), rs.getString("status"),
                instant(rs, "starts_at"), instant(rs, "ends_at"), rs.getString("type"),
                rs.getObject("location_id", UUID.class), rs.getString("time_zone"),
                reason == null ? null : cipher.decrypt(reason, "appointments.reason:" + id),
                rs.getString("payment_method"), rs.getLong("amount_minor"), rs.getString("currency"),
                rs.getString("cancelled_by"), rs.getString("cancellation_reason"), instant(rs, "created_at"),
                changes(id));
    }

    private List<Change> changes(UUID appointmentId) {
        return jdbc.sql("SELECT * FROM appointment_changes WHERE appointment_id = :id ORDER BY changed_at, id")
                .param("id", appointmentId)
                .query((rs, row) -> new Change(instant(rs, "changed_at"), rs.getString("change"),
                        instant(rs, "old_starts_at"), instant(rs, "new_starts_at"), rs.getString("note")))
                .list();
    }

    @Override
    public void erase(UUID userId, Instant now) {
        cancelFutureBookings.handle(new CancelErasedAccountBookingsCommand(new UserId(userId)));
        jdbc.sql("""
                UPDATE appointment_changes SET note = NULL
                WHERE appointment_id IN (SELECT id FROM appointments WHERE patient_id = :user)
                """).param("user", userId).update();
        jdbc.sql("UPDATE appointments SET reason_enc = NULL, cancellation_reason = NULL, version = version + 1 WHERE patient_id = :user")
                .param("user", userId).update();
    }

    @Override
    public int erasureOrder() {
        return FIRST;
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }
}
