package org.medbook.booking.application;

import java.time.Clock;
import java.time.Instant;
import java.util.UUID;

import jakarta.validation.Valid;

import org.medbook.booking.AppointmentStatus;
import org.medbook.booking.domain.Actor;
import org.medbook.booking.domain.Appointment;
import org.medbook.booking.domain.Appointments;
import org.medbook.doctors.DoctorCatalog;
import org.medbook.doctors.DoctorSnapshot;
import org.medbook.doctors.FreeSlot;
import org.medbook.payments.PaymentView;
import org.medbook.payments.Payments;
import org.medbook.shared.MedbookException;
import org.medbook.shared.Money;
import org.medbook.shared.ProblemKind;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.validation.annotation.Validated;

/**
 * Books a slot, in two steps ({@link #begin}, {@link #complete}). The slot must be one the doctor's
 * schedule offers; whether it is free is decided by PostgreSQL's exclusion constraint when the row is
 * written, so concurrent requests for one slot get exactly one success. The patient's booking limits
 * are checked under a per-patient lock in the same transaction. Cash is confirmed in that transaction;
 * an online payment is started after the hold is committed (no transaction waits on a provider), and
 * a failure to start releases the hold.
 */
@Component
@Validated
public class BookAppointmentHandler {

    private final DoctorCatalog doctors;
    private final Appointments appointments;
    private final Payments payments;
    private final BookingProperties properties;
    private final ApplicationEventPublisher events;
    private final TransactionTemplate transaction;
    private final Clock clock;
    private final BookingMeters meters;

    BookAppointmentHandler(DoctorCatalog doctors, Appointments appointments, Payments payments,
            BookingProperties properties, ApplicationEventPublisher events, PlatformTransactionManager transactions,
            Clock clock, BookingMeters meters) {
        this.doctors = doctors;
        this.appointments = appointments;
        this.payments = payments;
        this.properties = properties;
        this.events = events;
        this.transaction = new TransactionTemplate(transactions);
        this.clock = clock;
        this.meters = meters;
    }

    /**
     * Writes the booking and returns its id: the hold of an online booking, or the whole cash booking
     * with its due payment. Runs in the caller's transaction when there is one (the idempotency key's
     * claim commits with it); {@link #complete} follows after the commit.
     */
    public UUID begin(@Valid BookAppointmentCommand command) {
        DoctorSnapshot doctor = doctors.find(command.doctorId()).filter(DoctorSnapshot::bookable)
                .orElseThrow(() -> MedbookException.notFound("Doctor"));
        if (command.doctorId().equals(command.patientId())) {
            throw new MedbookException(ProblemKind.RULE_BROKEN, "self-booking", "Doctors cannot book themselves");
        }
        Money price = doctor.fees().get(command.type());
        if (price == null) {
            throw new MedbookException(ProblemKind.RULE_BROKEN, "type-not-offered",
                    "This doctor does not offer " + command.type() + " consultations");
        }
        if (!payments.availableMethods().contains(command.paymentMethod())) {
            throw new MedbookException(ProblemKind.RULE_BROKEN, "payment-method-unavailable",
                    command.paymentMethod() + " payments are not offered on this server");
        }
        FreeSlot slot = doctors.slotAt(command.doctorId(), command.start(), command.type(), command.locationId())
                .orElseThrow(() -> new MedbookException(ProblemKind.CONFLICT, "slot-unavailable",
                        "The doctor offers no " + command.type() + " slot starting at " + command.start()));
        Instant now = clock.instant();
        return transaction.execute(status -> {
            properties.limits().allowOneMore(appointments.lockPatientBookings(command.patientId(), command.doctorId(),
                    command.rebookedFrom(), now), command.paymentMethod().online());
            Appointment booked = Appointment.book(command.patientId(), command.doctorId(), slot.start(), slot.end(),
                    command.type(), slot.locationId(), doctor.zone().getId(), command.paymentMethod(), price,
                    appointments.policyOf(command.doctorId()), command.reason(), command.rebookedFrom(), now,
                    properties.terms());
            appointments.add(booked);
            appointments.recordChange(booked.id(), now, command.patientId(), "BOOKED", null, booked.start(),
                    booked.paymentMethod().name());
            if (!command.paymentMethod().online()) {
                payments.start(startOf(booked, doctor.name()));
            }
            BookingOutcomes.announce(events, booked, now);
            meters.booked();
            return booked.id();
        });
    }

    /**
     * Answers a booking written by {@link #begin}, first starting its online payment when that has not
     * happened yet. No transaction waits on the provider; a failure to start releases the hold. Safe to
     * repeat: the payment is started once per booking, whoever asks.
     */
    public BookingView complete(UUID bookingId) {
        Appointment appointment = appointments.find(bookingId).orElseThrow(() -> MedbookException.notFound("Booking"));
        if (!appointment.paymentMethod().online() || appointment.status() != AppointmentStatus.PENDING_PAYMENT) {
            return BookingView.of(appointment, payments.forBooking(bookingId).orElse(null));
        }
        String doctorName = doctors.find(appointment.doctorId()).map(DoctorSnapshot::name).orElse("your doctor");
        PaymentView payment;
        try {
            payment = payments.start(startOf(appointment, doctorName));
        } catch (MedbookException failedToStart) {
            transaction.executeWithoutResult(status -> appointments.lock(appointment.id()).ifPresent(held -> {
                held.cancel(Actor.SYSTEM, "payment could not be started", clock.instant());
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
