package org.medbook.booking.application;

import java.time.Clock;
import java.time.Instant;
import java.util.List;

import org.medbook.booking.domain.Actor;
import org.medbook.booking.domain.Appointment;
import org.medbook.booking.domain.Appointments;
import org.medbook.payments.Payments;
import org.medbook.shared.MedbookException;
import org.medbook.shared.ProblemKind;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/** Completes a started visit or marks it a no-show; the patient may see the booking but not record this (403). */
@Component
public class RecordAttendanceHandler {

    private final Appointments appointments;
    private final Payments payments;
    private final ApplicationEventPublisher events;
    private final Clock clock;

    RecordAttendanceHandler(Appointments appointments, Payments payments, ApplicationEventPublisher events, Clock clock) {
        this.appointments = appointments;
        this.payments = payments;
        this.events = events;
        this.clock = clock;
    }

    @Transactional
    public BookingView handle(RecordAttendanceCommand command) {
        Appointment a = BookingAccess.lock(appointments, command.bookingId(), command.caller());
        if (BookingAccess.actorOf(a, command.caller()) == Actor.PATIENT) {
            throw new MedbookException(ProblemKind.FORBIDDEN, "forbidden", "Only the doctor records attendance");
        }
        Instant now = clock.instant();
        List<Object> attendance = a.attended(command.showedUp(), now);
        appointments.update(a);
        appointments.recordChange(a.id(), now, command.caller().userId(), command.showedUp() ? "COMPLETED" : "NO_SHOW",
                null, null, null);
        attendance.forEach(events::publishEvent);
        return BookingView.of(a, payments.forBooking(a.id()).orElse(null));
    }
}
