package org.medbook.booking.application;

import org.medbook.booking.AppointmentId;
import org.medbook.booking.domain.Actor;
import org.medbook.booking.domain.Appointment;
import org.medbook.booking.domain.Appointments;
import org.medbook.shared.Caller;
import org.medbook.shared.MedbookException;

/**
 * Who may touch a booking: its patient, its doctor or the back office ({@code bookings:manage}). Anybody
 * else gets 404, as if the booking did not exist.
 */
final class BookingAccess {

    private BookingAccess() {
    }

    /** Locks the booking for the caller's transaction, once the caller is known to have a relation to it. */
    static Appointment lock(Appointments appointments, AppointmentId id, Caller caller) {
        Appointment a = appointments.lock(id.value()).orElseThrow(() -> MedbookException.notFound("Booking"));
        actorOf(a, caller);
        return a;
    }

    /** As {@link #lock}, but the booking's patient gets 404 as well: only its doctor or the back office act here. */
    static Appointment lockForDoctor(Appointments appointments, AppointmentId id, Caller caller) {
        Appointment a = lock(appointments, id, caller);
        if (actorOf(a, caller) == Actor.PATIENT) {
            throw MedbookException.notFound("Booking");
        }
        return a;
    }

    /** The caller's relation to the booking; 404 when there is none. */
    static Actor actorOf(Appointment a, Caller caller) {
        if (caller.userId().equals(a.patientId())) {
            return Actor.PATIENT;
        }
        if (caller.userId().equals(a.doctorId())) {
            return Actor.DOCTOR;
        }
        if (caller.can("bookings:manage")) {
            return Actor.STAFF;
        }
        throw MedbookException.notFound("Booking");
    }

    /** The caller as the booking's history and events record them. */
    static Appointment.By by(Appointment a, Caller caller) {
        return new Appointment.By(actorOf(a, caller), caller.userId(), caller.clientIp());
    }
}
