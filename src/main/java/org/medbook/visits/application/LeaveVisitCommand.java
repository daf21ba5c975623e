package org.medbook.visits.application;

import java.util.Objects;
import java.util.UUID;

/** Leaving from one socket, or from all of the user's when {@code sessionId} is null. */
public record LeaveVisitCommand(UUID bookingId, UUID userId, String sessionId) {

    public LeaveVisitCommand {
        Objects.requireNonNull(bookingId);
        Objects.requireNonNull(userId);
    }
}
