package org.medbook.booking.application;

import java.time.Clock;
import java.time.Instant;
import java.util.UUID;

import org.medbook.booking.BookingEvents;
import org.medbook.booking.domain.Actor;
import org.medbook.booking.domain.Appointment;
import org.medbook.booking.domain.Appointments;
import org.medbook.doctors.DoctorCatalog;
import org.medbook.doctors.FreeSlot;
import org.medbook.payments.PaymentEvents;
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
        Actor actor = actorOf(a, caller);
        cancel(a, actor, reason, caller.userId(), caller.clientIp(), now);
        staffAction(a, actor, "cancel", caller, now);
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
                cancel(a, Actor.SYSTEM, BookingEvents.AppointmentCancelled.PATIENT_ERASED, null, null, now);
                cancelled++;
            }
        }
        return cancelled;
    }

    private void cancel(Appointment a, Actor actor, String reason, UUID actorId, String clientIp, Instant now) {
        long refund = a.cancel(actor, reason, now);
        appointments.update(a);
        appointments.recordChange(a.id(), now, actorId, "CANCELLED", a.start(), null, reason);
        events.publishEvent(new PaymentEvents.RefundRequested(UUID.randomUUID(), now, a.id(), refund,
                "cancelled by " + actor.name().toLowerCase(), actorId));
        events.publishEvent(new BookingEvents.AppointmentCancelled(UUID.randomUUID(), now, a.id(), a.doctorId(),
                a.patientId(), actor.name(), reason, refund, actorId, clientIp));
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
        Instant old = a.reschedule(actor, slot.start(), slot.end(), slot.locationId(), now);
        appointments.update(a);
        appointments.recordChange(a.id(), now, caller.userId(), "RESCHEDULED", old, a.start(), actor.name());
        events.publishEvent(new BookingEvents.AppointmentRescheduled(UUID.randomUUID(), now, a.id(), a.doctorId(),
                a.patientId(), old, a.start(), caller.userId(), caller.clientIp()));
        staffAction(a, actor, "reschedule", caller, now);
        return view(a);
    }

    @Transactional
    public BookingView approve(UUID bookingId, Caller doctor) {
        Appointment a = lockForDoctor(bookingId, doctor);
        Instant now = clock.instant();
        a.approve();
        appointments.update(a);
        appointments.recordChange(a.id(), now, doctor.userId(), "APPROVED", null, null, null);
        a.standing(now).ifPresent(events::publishEvent);
        return view(a);
    }

    @Transactional
    public BookingView decline(UUID bookingId, String reason, Caller doctor) {
        Appointment a = lockForDoctor(bookingId, doctor);
        Instant now = clock.instant();
        long refund = a.decline(reason);
        appointments.update(a);
        appointments.recordChange(a.id(), now, doctor.userId(), "DECLINED", a.start(), null, reason);
        events.publishEvent(new PaymentEvents.RefundRequested(UUID.randomUUID(), now, a.id(), refund, "declined",
                doctor.userId()));
        events.publishEvent(new BookingEvents.AppointmentDeclined(UUID.randomUUID(), now, a.id(), a.doctorId(),
                a.patientId(), reason, refund, doctor.userId(), doctor.clientIp()));
        return view(a);
    }

    @Transactional
    public BookingView attended(UUID bookingId, boolean showedUp, Caller caller) {
        Appointment a = lockFor(bookingId, caller);
        if (actorOf(a, caller) == Actor.PATIENT) {
            throw new MedbookException(ProblemKind.FORBIDDEN, "forbidden", "Only the doctor records attendance");
        }
        Instant now = clock.instant();
        a.attended(showedUp, now);
        appointments.update(a);
        appointments.recordChange(a.id(), now, caller.userId(), showedUp ? "COMPLETED" : "NO_SHOW", null, null, null);
        events.publishEvent(new BookingEvents.AppointmentAttended(UUID.randomUUID(), now, a.id(), a.doctorId(),
                a.patientId(), showedUp));
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

    private void staffAction(Appointment a, Actor actor, String what, Caller caller, Instant now) {
        if (actor == Actor.STAFF) {
            events.publishEvent(new BookingEvents.BookingManagedByStaff(UUID.randomUUID(), now, a.id(), a.doctorId(),
                    a.patientId(), what, caller.userId(), caller.clientIp()));
        }
    }
}
