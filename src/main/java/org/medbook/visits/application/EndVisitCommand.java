package org.medbook.visits.application;

import java.util.Objects;
import java.util.UUID;

public record EndVisitCommand(UUID bookingId, UUID doctorId, String clientIp) {

    public EndVisitCommand {
        Objects.requireNonNull(bookingId);
        Objects.requireNonNull(doctorId);
    }
}
