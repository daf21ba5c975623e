package org.medbook.visits.application;

import java.util.Objects;
import java.util.UUID;

public record RelaySignalCommand(UUID bookingId, UUID fromUserId, Signal signal) {

    public RelaySignalCommand {
        Objects.requireNonNull(bookingId);
        Objects.requireNonNull(fromUserId);
        Objects.requireNonNull(signal);
    }
}
