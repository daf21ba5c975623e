package org.medbook.booking;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** The booking module's public read API: what other modules may know about one booking. */
public interface Bookings {

    Optional<BookingSnapshot> find(UUID bookingId);

    /** The bookings that exist among {@code bookingIds}, in one read. */
    List<BookingSnapshot> findAll(List<UUID> bookingIds);

    /** A doctor's bookings that start in {@code [from, to)}, whatever their status, soonest first (at most 100). */
    List<BookingSnapshot> ofDoctorStartingBetween(UUID doctorId, Instant from, Instant to);
    /** Whether the patient ever had a booking with the doctor that was confirmed or awaited approval. */
    boolean everConfirmed(UUID patientId, UUID doctorId);

    /**
     * @param sequence grows with every change of the booking (for calendar updates)
     * @param type     the consultation type (IN_PERSON, VIDEO, ...)
     */
    record BookingSnapshot(UUID id, AppointmentStatus status, UUID doctorId, UUID patientId, Instant start,
                           Instant end, String type, UUID locationId, String timeZone, String paymentMethod,
                           long amountMinor, String currency, boolean requiresApproval, int sequence) {
    }
}
