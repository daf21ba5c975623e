package org.medbook.booking.application;

import java.time.Clock;
import java.time.Instant;
import java.util.UUID;

import jakarta.validation.Valid;

import org.medbook.booking.AppointmentStatus;
import org.medbook.booking.domain.Actor;
import org.medbook.booking.domain.Appointment;
import org.medbook.booking.domain.Appointments;
import org.medbook.doctors.BookingTerms;
import org.medbook.doctors.DoctorCatalog;
import org.medbook.doctors.DoctorSnapshot;
import org.medbook.doctors.FreeSlot;
import org.medbook.payments.PaymentView;
import org.medbook.payments.Payments;
import org.medbook.shared.MedbookException;
import org.medbook.shared.Money;
import org.medbook.shared.ProblemKind;
import org.medbook.shared.idempotency.IdempotentRequests;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.validation.annotation.Validated;

/**
 * Books a slot. The slot must be one the doctor's schedule offers; whether it is free is decided by
 * PostgreSQL's exclusion constraint when the row is written, so concurrent requests for one slot get
 * exactly one success. The patient's booking limits are checked under a per-patient lock in the same
 * transaction.
 *
 * <p>A cash booking is one transaction on one connection: the idempotency key's claim, the doctor's
 * terms (one read), the patient's lock and counts with the doctor's policy (two), the booking with its
 * history, the due payment with its ledger entry, the events' outbox rows and the stored answer,
 * committed once; the answer is built from what was written, not read back. An online booking holds
 * the slot in that transaction and starts its payment after the commit (no transaction waits on a
 * provider); a failure to start releases the hold.
 */
@Component
@Validated
public class BookAppointmentHandler {

    private final DoctorCatalog doctors;
    private final Appointments appointments;
    private final Payments payments;
    private final IdempotentRequests idempotency;
    private final BookingProperties properties;
    private final ApplicationEventPublisher events;
    private final TransactionTemplate transaction;
    private final Clock clock;
    private final BookingMeters meters;

    BookAppointmentHandler(DoctorCatalog doctors, Appointments appointments, Payments payments,
            IdempotentRequests idempotency, BookingProperties properties, ApplicationEventPublisher events,
            PlatformTransactionManager transactions, Clock clock, BookingMeters meters) {
        this.doctors = doctors;
        this.appointments = appointments;
        this.payments = payments;
        this.idempotency = idempotency;
        this.properties = properties;
        this.events = events;
        this.transaction = new TransactionTemplate(transactions);
        this.clock = clock;
        this.meters = meters;
    }

    /**
     * Books once per idempotency key: a repeat with the same key and request answers what the first
     * answered. The answer's reference is the booking's id.
     *
     * @param request what the key stands for (the request body, or more when the same body can mean two requests)
     */
    public IdempotentRequests.Answer handle(@Valid BookAppointmentCommand command, String idempotencyKey, Object request) {
        UUID patientId = command.patientId().value();
        if (command.paymentMethod().online()) {
            return idempotency.run(patientId, idempotencyKey, request, 201,
                    () -> write(command).appointment().id().toString(), id -> startPayment(UUID.fromString(id)));
        }
        return idempotency.create(patientId, idempotencyKey, request, 201, () -> {
            Written written = write(command);
            Appointment booked = written.appointment();
            PaymentView due = payments.start(startOf(booked, written.doctorName()));
            return BookingView.of(booked, due);
        }, view -> view.id().toString());
    }

    private record Written(Appointment appointment, String doctorName) {
    }

    /** Writes the booking in the caller's transaction (the key's) and publishes the event it returned. */
    private Written write(BookAppointmentCommand command) {
        UUID patientId = command.patientId().value();
        UUID doctorId = command.doctorId().value();
        UUID rebookedFrom = command.rebookedFrom() == null ? null : command.rebookedFrom().value();
        if (doctorId.equals(patientId)) {
            throw new MedbookException(ProblemKind.RULE_BROKEN, "self-booking", "Doctors cannot book themselves");
        }
        BookingTerms terms = doctors.bookingTerms(doctorId, command.start(), command.type(),
                        command.locationId() == null ? null : command.locationId().value())
                .orElseThrow(() -> MedbookException.notFound("Doctor"));
        Money price = terms.fee().orElseThrow(() -> new MedbookException(ProblemKind.RULE_BROKEN, "type-not-offered",
                "This doctor does not offer " + command.type() + " consultations"));
        if (!payments.availableMethods().contains(command.paymentMethod())) {
            throw new MedbookException(ProblemKind.RULE_BROKEN, "payment-method-unavailable",
                    command.paymentMethod() + " payments are not offered on this server");
        }
        FreeSlot slot = terms.slot().orElseThrow(() -> new MedbookException(ProblemKind.CONFLICT, "slot-unavailable",
                "The doctor offers no " + command.type() + " slot starting at " + command.start()));
        Instant now = clock.instant();
        Appointments.ForBooking standing = appointments.lockForBooking(patientId, doctorId, rebookedFrom, now);
        properties.limits().allowOneMore(standing.held(), command.paymentMethod().online());
        Appointment.Booked booked = Appointment.book(new Appointment.NewBooking(patientId, doctorId, slot,
                        terms.zone().getId(), command.paymentMethod(), price, command.reason(), rebookedFrom),
                standing.policy(), properties.terms(), now);
        appointments.add(booked.appointment(), patientId);
        events.publishEvent(booked.event());
        meters.booked();
        return new Written(booked.appointment(), terms.doctorName());
    }

    /**
     * Answers a held online booking, first starting its payment when that has not happened yet. No
     * transaction waits on the provider; a failure to start releases the hold. Safe to repeat: the
     * payment is started once per booking, whoever asks.
     */
    private BookingView startPayment(UUID bookingId) {
        Appointment appointment = appointments.find(bookingId).orElseThrow(() -> MedbookException.notFound("Booking"));
        if (appointment.status() != AppointmentStatus.PENDING_PAYMENT) {
            return BookingView.of(appointment, payments.forBooking(bookingId).orElse(null));
        }
        String doctorName = doctors.find(appointment.doctorId()).map(DoctorSnapshot::name).orElse("your doctor");
        PaymentView payment;
        try {
            payment = payments.start(startOf(appointment, doctorName));
        } catch (MedbookException failedToStart) {
            transaction.executeWithoutResult(status -> appointments.lock(appointment.id()).ifPresent(held -> {
                // nothing was paid and nobody else was told of the hold: the patient hears it in this answer,
                // so the cancellation's events are not published
                held.cancel(new Appointment.By(Actor.SYSTEM, null, null), "payment could not be started", clock.instant());
                appointments.update(held);
                meters.cancelled();
            }));
            throw failedToStart;
        }
        return BookingView.of(appointment, payment);
    }

    private static Payments.StartPayment startOf(Appointment appointment, String doctorName) {
        return new Payments.StartPayment(appointment.id(), appointment.patientId(), appointment.doctorId(),
                appointment.paymentMethod(), appointment.price(), "Medbook appointment with " + doctorName);
    }
}
