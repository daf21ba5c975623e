package org.medbook.booking.application;

import java.time.Instant;
import java.util.UUID;

import org.medbook.booking.BookingEvents;
import org.medbook.booking.domain.Appointment;
import org.springframework.context.ApplicationEventPublisher;

/** The event that says where a booking now stands. */
final class BookingOutcomes {

    private BookingOutcomes() {
    }

    static void announce(ApplicationEventPublisher events, Appointment a, Instant now) {
        Object event = switch (a.status()) {
            case PENDING_PAYMENT -> new BookingEvents.AppointmentHeld(UUID.randomUUID(), now, a.id(), a.doctorId(),
                    a.patientId(), a.start(), a.holdExpiresAt());
            case PENDING_APPROVAL -> new BookingEvents.AppointmentAwaitingApproval(UUID.randomUUID(), now, a.id(),
                    a.doctorId(), a.patientId(), a.start());
            case CONFIRMED -> new BookingEvents.AppointmentConfirmed(UUID.randomUUID(), now, a.id(), a.doctorId(),
                    a.patientId(), a.start(), a.end(), a.paymentMethod().name());
            default -> null;
        };
        if (event != null) {
            events.publishEvent(event);
        }
    }

}
