package org.medbook.booking.application;

import java.time.Clock;
import java.time.Instant;

import org.medbook.booking.domain.Appointment;
import org.medbook.booking.domain.Appointments;
import org.medbook.payments.Payments;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Declines a booking that awaited approval; what was paid online is refunded in full, through the outbox after
 * commit. Its patient cannot (404).
 */
@Component
public class DeclineBookingHandler {

    private final Appointments appointments;
    private final Payments payments;
    private final ApplicationEventPublisher events;
    private final Clock clock;

    DeclineBookingHandler(Appointments appointments, Payments payments, ApplicationEventPublisher events, Clock clock) {
        this.appointments = appointments;
        this.payments = payments;
        this.events = events;
        this.clock = clock;
    }

    @Transactional
    public BookingView handle(DeclineBookingCommand command) {
        Appointment a = BookingAccess.lockForDoctor(appointments, command.bookingId(), command.caller());
        Instant now = clock.instant();
        Appointment.Cancellation declined = a.decline(BookingAccess.by(a, command.caller()), command.reason(), now);
        appointments.update(a);
        appointments.recordChange(a.id(), now, command.caller().userId(), "DECLINED", a.start(), null, command.reason());
        declined.events().forEach(events::publishEvent);
        return BookingView.of(a, payments.forBooking(a.id()).orElse(null));
    }
}
