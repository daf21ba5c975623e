package org.medbook.visits.application;

import java.util.Objects;
import java.util.UUID;

/** The patient or doctor joins the visit from one socket ({@code sessionId}, null over plain HTTP). */
public record JoinVisitCommand(UUID bookingId, UUID userId, String sessionId, String clientIp) {

    public JoinVisitCommand {
        Objects.requireNonNull(bookingId);
        Objects.requireNonNull(userId);
    }
}
