package org.medbook.reporting.application;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.UUID;

import org.medbook.booking.Bookings;

/**
 * The reporting read model's writes; every one is idempotent, so redelivered events change nothing. Each
 * also moves the row's contribution to the platform rollups from what the row was to what it is now:
 * reviews and patients in the same transaction; bookings and money, whose rollup rows every change of
 * the same hour would lock, by appending the difference in the same transaction for {@link #foldRollups}.
 */
public interface ReportStore {

    /** The booking as it stands; {@code bookedAt} only ever moves earlier, {@code cancelledBy} is kept once known. */
    default void putBooking(BookingRow booking, Instant bookedAt, String cancelledBy, Instant now) {
        putBookings(List.of(new BookingChange(booking, bookedAt, cancelledBy)), now);
    }

    /**
     * Each booking as it stands (at most one change per booking), with a fixed number of statements
     * whatever their number. Waits for the other writer of bookings, if any, so one writes at a time.
     */
    void putBookings(List<BookingChange> changes, Instant now);

    record BookingChange(BookingRow booking, Instant bookedAt, String cancelledBy) {
    }

    /** Where {@code reader} is in the booking change feed; the reader must have been given a place. */
    Bookings.FeedPosition feedPosition(String reader);

    /** Moves {@code reader} to {@code position}, never back. */
    void moveFeed(String reader, Bookings.FeedPosition position);

    /**
     * A booking change from the feed failed on its own: queued with the reason for another try a minute
     * after {@code now} (then as {@link #postpone} says), so the feed can go on.
     */
    void queueFailed(UUID bookingId, Instant bookedAt, String cancelledBy, Instant now, String error);

    /**
     * Becomes the only writer of bookings until the caller's transaction ends; with {@code wait}, after the
     * one there is, else returns false at once when there is one.
     */
    boolean lockBookingWriter(boolean wait);

    /** Removes and returns up to {@code limit} queued changes due at {@code now}, oldest first. */
    List<QueuedBooking> takeQueued(int limit, Instant now);

    /** The ids of up to {@code limit} queued changes due at {@code now}, oldest first, left in place. */
    List<Long> queuedIds(int limit, Instant now);

    /** Removes and returns that queued change, if it is still there. */
    List<QueuedBooking> takeQueued(long id);

    /**
     * The queued change failed on its own: left with the reason for another try a minute after {@code now},
     * twice as long after each further failure, at most an hour.
     */
    void postpone(long id, Instant now, String error);

    record QueuedBooking(long id, UUID bookingId, Instant bookedAt, String cancelledBy, int attempts) {
    }

    record BookingRow(UUID bookingId, UUID doctorId, UUID patientId, String status, String type, String paymentMethod,
                      long amountMinor, String currency, String timeZone, Instant startsAt) {
    }

    void addMoney(UUID eventId, UUID bookingId, UUID doctorId, String kind, String paymentMethod, String type,
            long amountMinor, String currency, Instant at);

    /** The doctor waived the cash of this booking: it is no longer due. */
    void cashWaived(UUID bookingId, Instant at);

    void putReview(UUID reviewId, UUID doctorId, int rating, Instant createdAt);

    void rateReview(UUID reviewId, int rating);

    void hideReview(UUID reviewId, boolean hidden);

    void putDoctor(UUID doctorId, Collection<String> specialties, Collection<String> cities, boolean bookable,
            Instant now);

    void addPatient(UUID patientId, Instant registeredAt);

    /**
     * Adds the appended booking and money differences to the platform rollups, in the caller's
     * transaction. With {@code wait}, first waits for a fold in progress (on any node) to commit, so the
     * rollups then count everything recorded before the call; without, returns -1 if one is in progress.
     * Returns the appended rows folded.
     */
    long foldRollups(boolean wait);
}
