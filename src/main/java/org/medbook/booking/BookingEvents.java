package org.medbook.booking;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import org.medbook.shared.AuditableEvent;

/** Facts about appointments, for notifications, reporting and the search read model. */
public final class BookingEvents {

    private BookingEvents() {
    }

    /** Every booking event names the booking, the doctor and the patient. */
    public interface BookingEvent {
        UUID bookingId();
        UUID doctorId();
        UUID patientId();
    }

    public record AppointmentHeld(UUID eventId, Instant occurredAt, UUID bookingId, UUID doctorId, UUID patientId,
                                  Instant start, Instant holdExpiresAt) implements BookingEvent {
    }

    public record AppointmentConfirmed(UUID eventId, Instant occurredAt, UUID bookingId, UUID doctorId, UUID patientId,
                                       Instant start, Instant end, String paymentMethod) implements BookingEvent {
    }

    public record AppointmentAwaitingApproval(UUID eventId, Instant occurredAt, UUID bookingId, UUID doctorId,
                                              UUID patientId, Instant start) implements BookingEvent {
    }

    public record AppointmentCancelled(UUID eventId, Instant occurredAt, UUID bookingId, UUID doctorId, UUID patientId,
                                       String cancelledBy, String reason, long refundMinor, UUID actorId, String clientIp)
            implements BookingEvent, AuditableEvent {
        /** The reason of a system cancellation because the patient's account was erased (the doctor is told). */
        public static final String PATIENT_ERASED = "account erased";
        /** The reason of a system cancellation because the doctor's account was erased (the patient is told). */
        public static final String DOCTOR_ERASED = "doctor's account erased";

        public String action() { return "booking.cancelled"; }
        public String target() { return "booking:" + bookingId; }
        public Map<String, Object> details() { return Map.of("by", cancelledBy, "refundMinor", refundMinor); }
    }

    /** The doctor declined a booking that awaited approval; what was paid is refunded. */
    public record AppointmentDeclined(UUID eventId, Instant occurredAt, UUID bookingId, UUID doctorId, UUID patientId,
                                      String reason, long refundMinor, UUID actorId, String clientIp)
            implements BookingEvent, AuditableEvent {
        public String action() { return "booking.declined"; }
        public String target() { return "booking:" + bookingId; }
        public Map<String, Object> details() { return Map.of("refundMinor", refundMinor); }
    }

    public record AppointmentRescheduled(UUID eventId, Instant occurredAt, UUID bookingId, UUID doctorId, UUID patientId,
                                         Instant oldStart, Instant newStart, UUID actorId, String clientIp)
            implements BookingEvent, AuditableEvent {
        public String action() { return "booking.rescheduled"; }
        public String target() { return "booking:" + bookingId; }
        public Map<String, Object> details() { return Map.of("from", oldStart.toString(), "to", newStart.toString()); }
    }

    public record AppointmentExpired(UUID eventId, Instant occurredAt, UUID bookingId, UUID doctorId, UUID patientId)
            implements BookingEvent {
    }

    public record AppointmentAttended(UUID eventId, Instant occurredAt, UUID bookingId, UUID doctorId, UUID patientId,
                                      boolean showedUp) implements BookingEvent {
    }

    /** A payment arrived after its hold had expired; it is being refunded, and the patient is to be told. */
    public record LatePaymentRefunded(UUID eventId, Instant occurredAt, UUID bookingId, UUID doctorId, UUID patientId,
                                      long amountMinor, String currency) implements BookingEvent {
    }

    /** Admin or helper actions on someone else's booking. */
    public record BookingManagedByStaff(UUID eventId, Instant occurredAt, UUID bookingId, UUID doctorId, UUID patientId,
                                        String what, UUID actorId, String clientIp) implements BookingEvent, AuditableEvent {
        public String action() { return "booking.staff-" + what; }
        public String target() { return "booking:" + bookingId; }
    }
}
