package org.medbook.reporting.application;

import java.time.Instant;

import org.medbook.booking.BookingEvents;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Queues every booking change for the reporting read model in the booking's own transaction: one row,
 * no reads. A rollback takes the row with it; after the commit {@link ReportingDrain} writes it (and
 * every other change queued by then) on whichever node drains first.
 */
@Component
@ConditionalOnProperty(name = "medbook.reporting.enabled", havingValue = "true", matchIfMissing = true)
class ReportingIntake {

    private final ReportStore store;

    ReportingIntake(ReportStore store) {
        this.store = store;
    }

    @EventListener
    void on(BookingEvents.BookingEvent event) {
        String cancelledBy = switch (event) {
            case BookingEvents.AppointmentCancelled c -> c.cancelledBy();
            case BookingEvents.AppointmentDeclined d -> "DOCTOR";
            default -> null;
        };
        Instant bookedAt = switch (event) {
            case BookingEvents.AppointmentHeld e -> e.occurredAt();
            case BookingEvents.AppointmentConfirmed e -> e.occurredAt();
            case BookingEvents.AppointmentAwaitingApproval e -> e.occurredAt();
            default -> null;
        };
        store.enqueueBooking(event.bookingId(), bookedAt, cancelledBy);
    }
}
