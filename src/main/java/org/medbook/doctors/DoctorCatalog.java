package org.medbook.doctors;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** The doctors module's public read API. */
public interface DoctorCatalog {

    Optional<DoctorSnapshot> find(UUID doctorId);

    /**
     * The slot starting at {@code start} if the doctor's rules, overrides, time off, notice and
     * horizon offer one of that type (and location), ignoring bookings: whether it is already
     * taken is for the booking's own database constraint to say.
     */
    Optional<FreeSlot> slotAt(UUID doctorId, Instant start, ConsultationType type, UUID locationId);

    /**
     * Everything a booking of the slot starting at {@code start} needs from this module, read in one
     * statement in the caller's transaction; empty when the doctor is not bookable.
     */
    Optional<BookingTerms> bookingTerms(UUID doctorId, Instant start, ConsultationType type, UUID locationId);

    /** Ids of verified, active doctors after {@code after} (null for the first page), in id order. */
    List<UUID> bookableDoctorIds(UUID after, int limit);

    /**
     * Doctors whose profile changed (edited, verified, suspended, erased) at or after {@code since}, for
     * callers that keep profiles in memory and must drop what changed on any node.
     */
    java.util.Set<UUID> changedSince(Instant since);

    /** Codes of the managed specialty list. */
    java.util.Set<String> specialtyCodes();

    /**
     * Each doctor of those ids that exists, with the slots offered in [from, to) (none unless
     * bookable), read together: a handful of statements whatever the number of doctors.
     */
    List<OfferedTime> offeredTimes(Collection<UUID> doctorIds, Instant from, Instant to);
}
