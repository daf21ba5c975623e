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
     * The change feed, for read models kept beside the bookings: every booking whose latest change committed
     * after {@code after}, each once and as it stands now, ordered by its change's transaction and then its
     * id, at most {@code limit}. A change is listed only once every transaction that began before it has
     * ended, so a reader that moves its position to the last booking it was given misses none; a booking
     * changed again comes again, at its new change. Nothing is written for the feed but the changed row.
     */
    List<ChangedBooking> changedAfter(FeedPosition after, int limit);

    /** A place in the change feed: a committed change's transaction and the booking it changed. */
    record FeedPosition(long transaction, UUID bookingId) {

        /** Before every change. */
        public static final FeedPosition START = new FeedPosition(0, new UUID(0, 0));
    }

    /** A booking in the change feed: as it stands, when it was booked, who cancelled it (or null), where it is. */
    record ChangedBooking(BookingSnapshot booking, Instant bookedAt, String cancelledBy, FeedPosition position) {
    }

    /**
     * @param sequence grows with every change of the booking (for calendar updates)
     * @param type     the consultation type (IN_PERSON, VIDEO, ...)
     */
    record BookingSnapshot(UUID id, AppointmentStatus status, UUID doctorId, UUID patientId, Instant start,
                           Instant end, String type, UUID locationId, String timeZone, String paymentMethod,
                           long amountMinor, String currency, boolean requiresApproval, int sequence) {
    }
}
