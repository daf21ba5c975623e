package org.medbook.reviews.application;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** Invitations to review completed visits, each sent once. */
public interface ReviewInvitationStore {

    /** Idempotent: a visit is invited at most once. */
    void schedule(UUID bookingId, UUID doctorId, UUID patientId, Instant dueAt);

    /**
     * Marks due invitations sent and returns them, locked for the caller's transaction (other nodes
     * skip them); invitations of visits that were reviewed meanwhile are marked sent but not returned.
     */
    List<Due> takeDue(Instant now, int limit);

    record Due(UUID bookingId, UUID doctorId, UUID patientId) {
    }
}
