package org.medbook.booking.application;

import java.time.Clock;
import java.time.Instant;
import java.util.List;

import org.medbook.booking.domain.Appointment;
import org.medbook.booking.domain.Appointments;
import org.medbook.payments.Payments;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/** Confirms a booking that awaited the doctor's approval; its patient cannot (404). */
@Component
public class ApproveBookingHandler {

    private final Appointments appointments;
    private final Payments payments;
    private final ApplicationEventPublisher events;
    private final Clock clock;

    ApproveBookingHandler(Appointments appointments, Payments payments, ApplicationEventPublisher events, Clock clock) {
        this.appointments = appointments;
        this.payments = payments;
        this.events = events;
        this.clock = clock;
    }

    @Transactional
    public BookingView handle(ApproveBookingCommand command) {
        Appointment a = BookingAccess.lockForDoctor(appointments, command.bookingId(), command.caller());
        Instant now = clock.instant();
        List<Object> approved = a.approve(now);
        appointments.update(a);
        appointments.recordChange(a.id(), now, command.caller().userId(), "APPROVED", null, null, null);
        approved.forEach(events::publishEvent);
        return BookingView.of(a, payments.forBooking(a.id()).orElse(null));
    }
}
