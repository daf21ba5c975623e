package org.medbook.doctors;

import java.time.ZoneId;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

import org.medbook.shared.Money;

/**
 * What a booking needs to know from the doctors module about one slot of a bookable doctor, in one
 * answer: who the doctor is, in which zone they work, the fee of the consultation type (empty when
 * the doctor does not offer it) and the slot their schedule offers at that start (empty when it
 * offers none). Whether the slot is already taken is for the booking's own constraint to say.
 */
public record BookingTerms(UUID doctorId, String doctorName, ZoneId zone, Optional<Money> fee, Optional<FreeSlot> slot) {

    public BookingTerms {
        Objects.requireNonNull(doctorId);
        Objects.requireNonNull(doctorName);
        Objects.requireNonNull(zone);
        Objects.requireNonNull(fee);
        Objects.requireNonNull(slot);
    }
}
