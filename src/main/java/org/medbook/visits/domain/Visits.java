package org.medbook.visits.domain;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Where visits are kept. */
public interface Visits {

    /** The visit of a booking, locked for this transaction, created (with no stays) on first use. */
    Visit lockOrStart(UUID bookingId, UUID doctorId, UUID patientId, VisitWindow window);

    Optional<Visit> lock(UUID bookingId, VisitWindow window);

    /** The visit as it stands, for reading only. */
    Optional<Visit> find(UUID bookingId, VisitWindow window);

    void save(Visit visit);

    /** The bookings whose visits have a lasting stay opened by this STOMP session. */
    List<UUID> withSession(String sessionId);
}
