package org.medbook.booking.application;

import java.time.Clock;
import java.time.Instant;

import org.medbook.booking.domain.Actor;
import org.medbook.booking.domain.Appointment;
import org.medbook.booking.domain.Appointments;
import org.medbook.doctors.DoctorCatalog;
import org.medbook.doctors.FreeSlot;
import org.medbook.payments.Payments;
import org.medbook.shared.Caller;
import org.medbook.shared.MedbookException;
import org.medbook.shared.ProblemKind;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * The same booking at a new time, atomically: the old time is released only if the new one is taken. The new
 * time must be a slot the doctor's schedule offers; whether it is free is for the exclusion constraint to say.
 */
@Component
public class RescheduleBookingHandler {

    private final Appointments appointments;
    private final DoctorCatalog doctors;
    private final Payments payments;
    private final ApplicationEventPublisher events;
    private final Clock clock;

    RescheduleBookingHandler(Appointments appointments, DoctorCatalog doctors, Payments payments,
            ApplicationEventPublisher events, Clock clock) {
        this.appointments = appointments;
        this.doctors = doctors;
        this.payments = payments;
        this.events = events;
        this.clock = clock;
    }

    @Transactional
    public BookingView handle(RescheduleBookingCommand command) {
        Caller caller = command.caller();
        Appointment a = BookingAccess.lock(appointments, command.bookingId(), caller);
        Instant now = clock.instant();
        Appointment.By by = BookingAccess.by(a, caller);
        FreeSlot slot = offered(a, command.newStart(), by.actor());
        Appointment.Move move = a.reschedule(by, slot.start(), slot.end(), slot.locationId(), now);
        appointments.update(a);
        appointments.recordChange(a.id(), now, caller.userId(), "RESCHEDULED", move.from(), a.start(), by.actor().name());
        move.events().forEach(events::publishEvent);
        return BookingView.of(a, payments.forBooking(a.id()).orElse(null));
    }

    /** The doctor's slot at the new time; a patient keeps the booking's location, the doctor or staff may change it. */
    private FreeSlot offered(Appointment a, Instant newStart, Actor actor) {
        return doctors.slotAt(a.doctorId(), newStart, a.type(), null)
                .filter(candidate -> a.locationId() == null || a.locationId().equals(candidate.locationId())
                        || actor != Actor.PATIENT)
                .orElseThrow(() -> new MedbookException(ProblemKind.CONFLICT, "slot-unavailable",
                        "The doctor offers no " + a.type() + " slot starting at " + newStart));
    }
}
