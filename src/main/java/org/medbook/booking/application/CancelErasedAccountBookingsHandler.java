package org.medbook.booking.application;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
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
 * Cancels the future bookings of an account being erased, by the system and the same way as any
 * cancellation: the patient's own bookings, and a doctor's bookings with patients. What was paid online
 * is refunded in full (a cancellation not made by the patient refunds everything) and the other party
 * is told.
 */
@Component
public class CancelErasedAccountBookingsHandler {

    private static final Appointment.By SYSTEM = new Appointment.By(Actor.SYSTEM, null, null);

    private final Appointments appointments;
    private final ApplicationEventPublisher events;
    private final Clock clock;

    CancelErasedAccountBookingsHandler(Appointments appointments, ApplicationEventPublisher events, Clock clock) {
        this.appointments = appointments;
        this.events = events;
        this.clock = clock;
    }

    /** @return how many bookings were cancelled */
    @Transactional
    public int handle(CancelErasedAccountBookingsCommand command) {
        Instant now = clock.instant();
        UUID account = command.accountId().value();
        return cancel(appointments.activeOfPatientStartingAfter(account, now), BookingEvents.AppointmentCancelled.PATIENT_ERASED, now)
                + cancel(appointments.activeOfDoctorStartingAfter(account, now), BookingEvents.AppointmentCancelled.DOCTOR_ERASED, now);
    }

    private int cancel(List<UUID> bookingIds, String reason, Instant now) {
        int cancelled = 0;
        for (UUID bookingId : bookingIds) {
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
