package org.medbook.booking.application;

import java.time.Clock;
import java.time.Instant;
import java.util.UUID;

import org.medbook.booking.BookingEvents;
import org.medbook.booking.domain.Actor;
import org.medbook.booking.domain.Appointment;
import org.medbook.booking.domain.Appointments;
import org.medbook.shared.MedbookException;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Cancels the future bookings of a patient whose account is being erased, by the system and the same way as
 * any cancellation: what they paid is refunded in full and the doctor is told.
 */
@Component
public class CancelErasedPatientBookingsHandler {

    private static final Appointment.By SYSTEM = new Appointment.By(Actor.SYSTEM, null, null);

    private final Appointments appointments;
    private final ApplicationEventPublisher events;
    private final Clock clock;

    CancelErasedPatientBookingsHandler(Appointments appointments, ApplicationEventPublisher events, Clock clock) {
        this.appointments = appointments;
        this.events = events;
        this.clock = clock;
    }

    /** @return how many bookings were cancelled */
    @Transactional
    public int handle(CancelErasedPatientBookingsCommand command) {
        Instant now = clock.instant();
        String reason = BookingEvents.AppointmentCancelled.PATIENT_ERASED;
        int cancelled = 0;
        for (UUID bookingId : appointments.activeOfPatientStartingAfter(command.patientId().value(), now)) {
            Appointment a = appointments.lock(bookingId).orElseThrow(() -> MedbookException.notFound("Booking"));
            if (a.status().active() && a.start().isAfter(now)) {
                Appointment.Cancellation cancellation = a.cancel(SYSTEM, reason, now);
                appointments.update(a);
                appointments.recordChange(a.id(), now, null, "CANCELLED", a.start(), null, reason);
                cancellation.events().forEach(events::publishEvent);
                cancelled++;
            }
        }
        return cancelled;
    }
}
