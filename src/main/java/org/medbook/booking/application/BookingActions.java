package org.medbook.booking.application;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.medbook.booking.BookingEvents;
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
 * Changes to existing bookings by their patient, their doctor or the back office. Who may touch a
 * booking is checked here: anybody else gets 404, as if it did not exist. Refunds are requested
 * through the outbox and carried out by payments after commit.
 */
@Component
public class BookingActions {

    private final Appointments appointments;
    private final DoctorCatalog doctors;
    private final Payments payments;
    private final ApplicationEventPublisher events;
    private final Clock clock;

    BookingActions(Appointments appointments, DoctorCatalog doctors, Payments payments, ApplicationEventPublisher events,
            Clock clock) {
        this.appointments = appointments;
        this.doctors = doctors;
        this.payments = payments;
        this.events = events;
        this.clock = clock;
    }

    @Transactional
    public BookingView cancel(UUID bookingId, String reason, Caller caller) {
        Appointment a = lockFor(bookingId, caller);
        Instant now = clock.instant();
        cancel(a, by(a, caller), reason, now);
        return view(a);
    }

    /**
     * The patient's account is being erased: their future bookings are cancelled by the system, the same
     * way as any cancellation, so what they paid is refunded in full and the doctor is told.
     */
    @Transactional
    public int cancelFutureBookingsOfErasedPatient(UUID patientId) {
        Instant now = clock.instant();
        int cancelled = 0;
        for (UUID bookingId : appointments.activeOfPatientStartingAfter(patientId, now)) {
            Appointment a = appointments.lock(bookingId).orElseThrow(() -> MedbookException.notFound("Booking"));
            if (a.status().active() && a.start().isAfter(now)) {
                cancel(a, new Appointment.By(Actor.SYSTEM, null, null), BookingEvents.AppointmentCancelled.PATIENT_ERASED, now);
                cancelled++;
            }
        }
        return cancelled;
    }

    /**
     * The doctor's account is being erased: their future bookings are cancelled by the system, and what
     * patients paid online is refunded in full (a cancellation not by the patient refunds everything).
     */
    @Transactional
    public int cancelFutureBookingsOfErasedDoctor(UUID doctorId) {
        Instant now = clock.instant();
        int cancelled = 0;
        for (UUID bookingId : appointments.activeOfDoctorStartingAfter(doctorId, now)) {
            Appointment a = appointments.lock(bookingId).orElseThrow(() -> MedbookException.notFound("Booking"));
            if (a.status().active() && a.start().isAfter(now)) {
                cancel(a, new Appointment.By(Actor.SYSTEM, null, null), BookingEvents.AppointmentCancelled.DOCTOR_ERASED, now);
                cancelled++;
            }
        }
        return cancelled;
    }

    private void cancel(Appointment a, Appointment.By by, String reason, Instant now) {
        Appointment.Cancellation cancellation = a.cancel(by, reason, now);
        appointments.update(a);
        appointments.recordChange(a.id(), now, by.userId(), "CANCELLED", a.start(), null, reason);
        cancellation.events().forEach(events::publishEvent);
    }

    /** The same booking at a new time, atomically: the old time is released only if the new one is taken. */
    @Transactional
    public BookingView reschedule(UUID bookingId, Instant newStart, Caller caller) {
        Appointment a = lockFor(bookingId, caller);
        Instant now = clock.instant();
        Actor actor = actorOf(a, caller);
        FreeSlot slot = doctors.slotAt(a.doctorId(), newStart, a.type(), null)
                .filter(candidate -> a.locationId() == null || a.locationId().equals(candidate.locationId())
                        || actor != Actor.PATIENT)
                .orElseThrow(() -> new MedbookException(ProblemKind.CONFLICT, "slot-unavailable",
                        "The doctor offers no " + a.type() + " slot starting at " + newStart));
        Appointment.Move move = a.reschedule(by(a, caller), slot.start(), slot.end(), slot.locationId(), now);
        appointments.update(a);
        appointments.recordChange(a.id(), now, caller.userId(), "RESCHEDULED", move.from(), a.start(), actor.name());
        move.events().forEach(events::publishEvent);
        return view(a);
    }

    @Transactional
    public BookingView approve(UUID bookingId, Caller doctor) {
        Appointment a = lockForDoctor(bookingId, doctor);
        Instant now = clock.instant();
        List<Object> approved = a.approve(now);
        appointments.update(a);
        appointments.recordChange(a.id(), now, doctor.userId(), "APPROVED", null, null, null);
        approved.forEach(events::publishEvent);
        return view(a);
    }

    @Transactional
    public BookingView decline(UUID bookingId, String reason, Caller doctor) {
        Appointment a = lockForDoctor(bookingId, doctor);
        Instant now = clock.instant();
        Appointment.Cancellation declined = a.decline(by(a, doctor), reason, now);
        appointments.update(a);
        appointments.recordChange(a.id(), now, doctor.userId(), "DECLINED", a.start(), null, reason);
        declined.events().forEach(events::publishEvent);
        return view(a);
    }

    @Transactional
    public BookingView attended(UUID bookingId, boolean showedUp, Caller caller) {
        Appointment a = lockFor(bookingId, caller);
        if (actorOf(a, caller) == Actor.PATIENT) {
            throw new MedbookException(ProblemKind.FORBIDDEN, "forbidden", "Only the doctor records attendance");
        }
        Instant now = clock.instant();
        List<Object> attendance = a.attended(showedUp, now);
        appointments.update(a);
        appointments.recordChange(a.id(), now, caller.userId(), showedUp ? "COMPLETED" : "NO_SHOW", null, null, null);
        attendance.forEach(events::publishEvent);
        return view(a);
    }

    /** Cash collected at the visit, or waived, by the doctor or the back office. */
    @Transactional
    public BookingView settleCash(UUID bookingId, boolean waived, Caller caller) {
        Appointment a = lockFor(bookingId, caller);
        if (actorOf(a, caller) == Actor.PATIENT) {
            throw new MedbookException(ProblemKind.FORBIDDEN, "forbidden", "Only the doctor or the back office records cash");
        }
        payments.settleCash(a.id(), waived, caller.userId());
        return view(a);
    }

    private BookingView view(Appointment a) {
        return BookingView.of(a, payments.forBooking(a.id()).orElse(null));
    }

    private Appointment lockFor(UUID bookingId, Caller caller) {
        Appointment a = appointments.lock(bookingId).orElseThrow(() -> MedbookException.notFound("Booking"));
        actorOf(a, caller);
        return a;
    }

    private Appointment lockForDoctor(UUID bookingId, Caller caller) {
        Appointment a = lockFor(bookingId, caller);
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

    private static Appointment.By by(Appointment a, Caller caller) {
        return new Appointment.By(actorOf(a, caller), caller.userId(), caller.clientIp());
    }
}
