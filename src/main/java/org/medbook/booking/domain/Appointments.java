package org.medbook.booking.domain;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.medbook.booking.Bookings;
import org.medbook.doctors.TimeRange;

public interface Appointments {

    Optional<Appointment> find(UUID id);

    /** The appointments of these ids, in the order of the ids, read in one statement. */
    List<Appointment> findAll(List<UUID> ids);

    /** Whether a booking of the patient with the doctor was ever confirmed or awaited the doctor's approval. */
    boolean everConfirmed(UUID patientId, UUID doctorId);

    /** Locks the row for the caller's transaction. */
    Optional<Appointment> lock(UUID id);

    /**
     * Inserts a new booking with its first history entry ({@code BOOKED} by {@code actorId}), in one
     * statement; {@code slot-unavailable} or {@code overlapping-booking} (409) when the database refuses the time.
     */
    void add(Appointment appointment, UUID actorId);

    /** See {@link org.medbook.booking.Bookings#changedAfter}: the bookings read from the feed, as they stand. */
    List<Bookings.ChangedBooking> changedAfter(Bookings.FeedPosition after, int limit);

    /** Saves; the same 409s when a new time is taken, {@code stale-version} when changed meanwhile. */
    void update(Appointment appointment);

    /**
     * What the patient holds now (see {@link BookingLimits.PatientBookings}); {@code replacing} is the booking a
     * rebooking replaces, or null. Call it in the transaction that adds the next booking: it serialises that
     * patient's bookings until commit, so a limit checked against the counts cannot be outrun by parallel requests.
     */
    ForBooking lockForBooking(UUID patientId, UUID doctorId, UUID replacing, Instant now);

    /** What a new booking is checked against: the patient's current bookings and the doctor's booking policy. */
    record ForBooking(BookingLimits.PatientBookings held, BookingPolicy policy) {
    }

    /** The ids of the patient's active (time-holding) appointments that start after {@code now}. */
    List<UUID> activeOfPatientStartingAfter(UUID patientId, Instant now);

    List<UUID> activeOfDoctorStartingAfter(UUID doctorId, Instant now);

    /** Held appointments whose hold has passed, locked and skipped by other nodes. */
    List<Appointment> lockExpiredHolds(Instant now, int limit);

    List<TimeRange> busy(UUID doctorId, Instant from, Instant to);

    void recordChange(UUID appointmentId, Instant at, UUID actorId, String change, Instant oldStart, Instant newStart, String note);

    BookingPolicy policyOf(UUID doctorId);

    void setPolicy(UUID doctorId, BookingPolicy policy);
}
