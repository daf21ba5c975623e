package org.medbook.booking.domain;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import org.medbook.booking.AppointmentStatus;
import org.medbook.doctors.ConsultationType;
import org.medbook.doctors.FreeSlot;
import org.medbook.payments.PaymentMethod;
import org.medbook.shared.Money;

/**
 * The one place the state-machine tests make an {@link Appointment}: every booking goes through
 * {@link Booking#book()}, so a change to how {@code Appointment.book} is called is adapted here
 * alone. Appointments in a later state are reached by the aggregate's own transitions, never by
 * writing a status into it.
 */
final class AppointmentFixtures {

    /** When the booking is made. */
    static final Instant NOW = Instant.parse("2026-03-02T09:00:00Z");
    static final Instant START = Instant.parse("2026-03-05T10:00:00Z");
    static final Instant END = START.plus(Duration.ofMinutes(30));
    /** The doctor's default notice: free cancellation until 24 hours before the visit. */
    static final int NOTICE_HOURS = 24;
    static final Instant DEADLINE = START.minus(Duration.ofHours(NOTICE_HOURS));
    static final Duration HOLD = Duration.ofMinutes(15);
    static final Duration GRACE = Duration.ofMinutes(30);
    static final Appointment.PlatformTerms TERMS = new Appointment.PlatformTerms(HOLD, GRACE);
    static final Money PRICE = new Money(4500, "EUR");
    static final UUID PATIENT = UUID.fromString("00000000-0000-0000-0000-00000000000a");
    static final UUID DOCTOR = UUID.fromString("00000000-0000-0000-0000-00000000000d");
    static final UUID LOCATION = UUID.fromString("00000000-0000-0000-0000-0000000000c1");
    static final String TIME_ZONE = "Europe/Berlin";

    private AppointmentFixtures() {
    }

    /** What a patient books; {@link #booking()} gives the defaults and the withers change one thing each. */
    record Booking(PaymentMethod method, BookingPolicy policy, Instant start, Instant end, ConsultationType type,
                   UUID locationId, String reason, UUID rebookedFrom, Instant bookedAt) {

        Booking paidWith(PaymentMethod paymentMethod) {
            return new Booking(paymentMethod, policy, start, end, type, locationId, reason, rebookedFrom, bookedAt);
        }

        Booking withPolicy(int freeCancellationHours, boolean requiresApproval) {
            return new Booking(method, new BookingPolicy(freeCancellationHours, requiresApproval), start, end, type,
                    locationId, reason, rebookedFrom, bookedAt);
        }

        Booking startingAt(Instant visitStart) {
            return new Booking(method, policy, visitStart, visitStart.plus(Duration.between(start, end)), type,
                    locationId, reason, rebookedFrom, bookedAt);
        }

        Booking asVideoVisit() {
            return new Booking(method, policy, start, end, ConsultationType.VIDEO, null, reason, rebookedFrom, bookedAt);
        }

        Booking rebookedFrom(UUID previous) {
            return new Booking(method, policy, start, end, type, locationId, reason, previous, bookedAt);
        }

        /** The only call of {@code Appointment.book} in the tests. */
        Appointment book() {
            return Appointment.book(new Appointment.NewBooking(PATIENT, DOCTOR, new FreeSlot(start, end, type, locationId),
                    TIME_ZONE, method, PRICE, reason, rebookedFrom), policy, TERMS, bookedAt).appointment();
        }
    }

    /** Cash, confirmed at once, in person, the doctor's default policy, booked at {@link #NOW}. */
    /** Who acts, as the application says it: the actor with a user id of their own and an address. */
    static Appointment.By by(Actor actor) {
        return new Appointment.By(actor, actor == Actor.SYSTEM ? null : UUID.nameUUIDFromBytes(actor.name().getBytes()),
                actor == Actor.SYSTEM ? null : "203.0.113.7");
    }

    static Booking booking() {
        return new Booking(PaymentMethod.CASH, new BookingPolicy(NOTICE_HOURS, false), START, END,
                ConsultationType.IN_PERSON, LOCATION, "back pain", null, NOW);
    }

    static Appointment booked(PaymentMethod method, boolean requiresApproval) {
        return booking().paidWith(method).withPolicy(NOTICE_HOURS, requiresApproval).book();
    }

    /** Booked online and paid: confirmed, or pending approval with the money taken. */
    static Appointment paid(boolean requiresApproval) {
        Appointment appointment = booked(PaymentMethod.STRIPE, requiresApproval);
        appointment.paymentReceived();
        return appointment;
    }

    /** An appointment in the given state, reached the way the application reaches it. */
    static Appointment in(AppointmentStatus status) {
        return switch (status) {
            case PENDING_PAYMENT -> booked(PaymentMethod.STRIPE, false);
            case PENDING_APPROVAL -> booked(PaymentMethod.CASH, true);
            case CONFIRMED -> booked(PaymentMethod.CASH, false);
            case CANCELLED -> {
                Appointment appointment = booked(PaymentMethod.CASH, false);
                appointment.cancel(by(Actor.PATIENT), "changed my mind", NOW).refundMinor();
                yield appointment;
            }
            case COMPLETED, NO_SHOW -> {
                Appointment appointment = booked(PaymentMethod.CASH, false);
                appointment.attended(status == AppointmentStatus.COMPLETED, START);
                yield appointment;
            }
            case EXPIRED -> {
                Appointment appointment = booked(PaymentMethod.STRIPE, false);
                appointment.expire(NOW.plus(HOLD));
                yield appointment;
            }
        };
    }

    /** A held booking whose stored row carries no hold expiry (only a rebuilt appointment can be in that state). */
    static Appointment storedHoldWithoutExpiry() {
        return new Appointment(UUID.randomUUID(), PATIENT, DOCTOR, AppointmentStatus.PENDING_PAYMENT, START, END,
                ConsultationType.VIDEO, null, TIME_ZONE, PaymentMethod.STRIPE, PRICE, null, false,
                Duration.ofHours(NOTICE_HOURS), null, null, null, null, null, NOW, 3);
    }
}
