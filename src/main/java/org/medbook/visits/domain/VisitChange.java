package org.medbook.visits.domain;

import java.util.UUID;

/** What a change to a visit means for its two people; the aggregate returns these. */
public sealed interface VisitChange {

    /** Someone joined; {@code waiting} when it is the patient and the doctor has not admitted them yet. */
    record Joined(UUID userId, Participant role, boolean waiting, boolean otherPresent) implements VisitChange {
    }

    record Admitted(UUID patientId, UUID doctorId) implements VisitChange {
    }

    record Left(UUID userId, Participant role) implements VisitChange {
    }

    record Ended(UUID byDoctor) implements VisitChange {
    }
}
