package org.medbook.reporting.application;

import java.time.Instant;
import java.util.Collection;
import java.util.UUID;

/**
 * The reporting read model's writes; every one is idempotent, so redelivered events change nothing. Each
 * also moves the row's contribution to the platform rollups from what the row was to what it is now:
 * reviews and patients in the same transaction; bookings and money, whose rollup rows every change of
 * the same hour would lock, by appending the difference in the same transaction for {@link #foldRollups}.
 */
public interface ReportStore {

    /** The booking as it stands; {@code bookedAt} only ever moves earlier, {@code cancelledBy} is kept once known. */
    void putBooking(BookingRow booking, Instant bookedAt, String cancelledBy, Instant now);

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
