package org.medbook.booking.application;

import java.time.Clock;
import java.time.Instant;

import org.medbook.booking.domain.Appointment;
import org.medbook.booking.domain.Appointments;
import org.medbook.payments.Payments;
import org.medbook.shared.Caller;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Cancels a future booking. What is refunded follows the booking's policy and who cancels (see
 * {@link Appointment#cancel}); the refund is requested through the outbox and carried out by payments after commit.
 */
@Component
public class CancelBookingHandler {

    private final Appointments appointments;
    private final Payments payments;
    private final ApplicationEventPublisher events;
    private final Clock clock;

    CancelBookingHandler(Appointments appointments, Payments payments, ApplicationEventPublisher events, Clock clock) {
        this.appointments = appointments;
        this.payments = payments;
        this.events = events;
        this.clock = clock;
    }

    @Transactional
    public BookingView handle(CancelBookingCommand command) {
        Caller caller = command.caller();
        Appointment a = BookingAccess.lock(appointments, command.bookingId(), caller);
        Instant now = clock.instant();
        Appointment.By by = BookingAccess.by(a, caller);
        Appointment.Cancellation cancellation = a.cancel(by, command.reason(), now);
        appointments.update(a);
        appointments.recordChange(a.id(), now, by.userId(), "CANCELLED", a.start(), null, command.reason());
        cancellation.events().forEach(events::publishEvent);
        return BookingView.of(a, payments.forBooking(a.id()).orElse(null));
    }
}
