package org.medbook.payments.application;

import java.util.Objects;
import java.util.UUID;

/** Cash of a booking collected at the visit, or waived, as recorded by the doctor or the back office. */
public record SettleCashCommand(UUID bookingId, boolean waived, UUID actorId) {

    public SettleCashCommand {
        Objects.requireNonNull(bookingId);
        Objects.requireNonNull(actorId);
    }
}
