package org.medbook.booking.domain;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

import org.medbook.booking.AppointmentStatus;
import org.medbook.booking.BookingEvents;
import org.medbook.doctors.ConsultationType;
import org.medbook.doctors.FreeSlot;
import org.medbook.payments.PaymentEvents;
import org.medbook.payments.PaymentMethod;
import org.medbook.shared.EventIds;
import org.medbook.shared.MedbookException;
import org.medbook.shared.Money;
import org.medbook.shared.ProblemKind;

/**
 * One appointment and its life: held while an online payment is pending, pending the doctor's
 * approval when the doctor asks for it, confirmed, then cancelled, completed, marked no-show or
 * expired. Every change is a method that refuses the wrong state.
 */
public final class Appointment {

    private final UUID id;
    private final UUID patientId;
    private final UUID doctorId;
    private final ConsultationType type;
    private final String timeZone;
    private final PaymentMethod paymentMethod;
    private final Money price;
    private final boolean requiresApproval;
    private final Duration freeCancellationNotice;
    private final Instant graceUntil;
    private final String reason;
    private final UUID rebookedFrom;
    private final Instant createdAt;
    private AppointmentStatus status;
    private Instant start;
    private Instant end;
    private UUID locationId;
    private Instant holdExpiresAt;
    private Actor cancelledBy;
    private String cancellationReason;
    private final int version;

    public Appointment(UUID id, UUID patientId, UUID doctorId, AppointmentStatus status, Instant start, Instant end,
            ConsultationType type, UUID locationId, String timeZone, PaymentMethod paymentMethod, Money price,
            Instant holdExpiresAt, boolean requiresApproval, Duration freeCancellationNotice, Instant graceUntil,
            String reason, Actor cancelledBy, String cancellationReason, UUID rebookedFrom, Instant createdAt, int version) {
        this.id = Objects.requireNonNull(id);
        this.patientId = Objects.requireNonNull(patientId);
        this.doctorId = Objects.requireNonNull(doctorId);
        this.status = Objects.requireNonNull(status);
        this.start = Objects.requireNonNull(start);
        this.end = Objects.requireNonNull(end);
        this.type = Objects.requireNonNull(type);
        this.locationId = locationId;
        this.timeZone = Objects.requireNonNull(timeZone);
        this.paymentMethod = Objects.requireNonNull(paymentMethod);
        this.price = Objects.requireNonNull(price);
        this.holdExpiresAt = holdExpiresAt;
        this.requiresApproval = requiresApproval;
        this.freeCancellationNotice = Objects.requireNonNull(freeCancellationNotice);
        this.graceUntil = graceUntil;
        this.reason = reason;
        this.cancelledBy = cancelledBy;
        this.cancellationReason = cancellationReason;
        this.rebookedFrom = rebookedFrom;
        this.createdAt = createdAt;
        this.version = version;
    }

    /**
     * What the platform grants every booking whatever the doctor's policy: how long an unpaid online
     * booking keeps its slot, and a grace period after booking during which the patient may still
     * cancel for free or reschedule, so a booking made close to the visit is not born locked.
     */
    public record PlatformTerms(Duration holdFor, Duration freeCancellationGrace) {
        public PlatformTerms {
            Objects.requireNonNull(holdFor);
            Objects.requireNonNull(freeCancellationGrace);
        }
    }

    /** What a patient asks for: a slot the doctor's schedule offers, its price, and how they pay. */
    public record NewBooking(UUID patientId, UUID doctorId, FreeSlot slot, String timeZone, PaymentMethod method,
                             Money price, String reason, UUID rebookedFrom) {
        public NewBooking {
            Objects.requireNonNull(patientId);
            Objects.requireNonNull(doctorId);
            Objects.requireNonNull(slot);
            Objects.requireNonNull(timeZone);
            Objects.requireNonNull(method);
            Objects.requireNonNull(price);
        }
    }

    /** A new booking and the fact that says where it stands. */
    public record Booked(Appointment appointment, BookingEvents.BookingEvent event) {
    }

    /**
     * A new booking: cash goes straight to confirmed (or pending approval); an online payment
     * holds the slot until the terms' hold has passed.
     */
    public static Booked book(NewBooking request, BookingPolicy policy, PlatformTerms terms, Instant now) {
        FreeSlot slot = request.slot();
        if (!slot.start().isAfter(now)) {
            throw new MedbookException(ProblemKind.RULE_BROKEN, "booking-in-the-past", "A booking starts in the future");
        }
        PaymentMethod method = request.method();
        AppointmentStatus initial = method.online() ? AppointmentStatus.PENDING_PAYMENT
                : policy.requiresApproval() ? AppointmentStatus.PENDING_APPROVAL : AppointmentStatus.CONFIRMED;
        Appointment booked = new Appointment(UUID.randomUUID(), request.patientId(), request.doctorId(), initial,
                slot.start(), slot.end(), slot.type(), slot.locationId(), request.timeZone(), method, request.price(),
                method.online() ? now.plus(terms.holdFor()) : null, policy.requiresApproval(),
                Duration.ofHours(policy.freeCancellationHours()),
                earlier(now.plus(terms.freeCancellationGrace()), slot.start()), request.reason(), null, null,
                request.rebookedFrom(), now, 0);
        return new Booked(booked, booked.standing(now).orElseThrow());
    }

    /**
     * The event that says where the booking stands now, for the states other modules act on: held,
     * awaiting approval, confirmed.
     */
    public Optional<BookingEvents.BookingEvent> standing(Instant now) {
        return Optional.ofNullable(switch (status) {
            case PENDING_PAYMENT -> new BookingEvents.AppointmentHeld(EventIds.next(now), now, id, doctorId, patientId,
                    start, holdExpiresAt);
            case PENDING_APPROVAL -> new BookingEvents.AppointmentAwaitingApproval(EventIds.next(now), now, id, doctorId,
                    patientId, start);
            case CONFIRMED -> new BookingEvents.AppointmentConfirmed(EventIds.next(now), now, id, doctorId, patientId,
                    start, end, paymentMethod.name());
            default -> null;
        });
    }

    /** What to do about money when an online payment arrives. */
    public enum PaymentOutcome { CONFIRMED, AWAITING_APPROVAL, ALREADY_APPLIED, REFUND_LATE_PAYMENT }

    public PaymentOutcome paymentReceived() {
        return switch (status) {
            case PENDING_PAYMENT -> {
                status = requiresApproval ? AppointmentStatus.PENDING_APPROVAL : AppointmentStatus.CONFIRMED;
                holdExpiresAt = null;
                yield requiresApproval ? PaymentOutcome.AWAITING_APPROVAL : PaymentOutcome.CONFIRMED;
            }
            case EXPIRED, CANCELLED -> PaymentOutcome.REFUND_LATE_PAYMENT;
            default -> PaymentOutcome.ALREADY_APPLIED;
        };
    }

    public boolean expire(Instant now) {
        if (status != AppointmentStatus.PENDING_PAYMENT || holdExpiresAt == null || now.isBefore(holdExpiresAt)) {
            return false;
        }
        status = AppointmentStatus.EXPIRED;
        return true;
    }

    /** @return the booking's confirmation */
    public List<Object> approve(Instant now) {
        require(status == AppointmentStatus.PENDING_APPROVAL, "Only a booking pending approval can be approved");
        status = AppointmentStatus.CONFIRMED;
        return List.of(standing(now).orElseThrow());
    }

    /** Who changes a booking: their relation to it and, for the record, the user and their address. */
    public record By(Actor actor, UUID userId, String clientIp) {
        public By {
            Objects.requireNonNull(actor);
        }
    }

    /** A cancellation or a decline: what is refunded, and the events that say so. */
    public record Cancellation(long refundMinor, List<Object> events) {
    }

    /** The doctor declines a booking that awaited approval; what was paid online is refunded in full. */
    public Cancellation decline(By doctor, String why, Instant now) {
        require(status == AppointmentStatus.PENDING_APPROVAL, "Only a booking pending approval can be declined");
        status = AppointmentStatus.CANCELLED;
        cancelledBy = Actor.DOCTOR;
        cancellationReason = why;
        long refund = paidOnline() ? price.amountMinor() : 0;
        return new Cancellation(refund, List.of(
                new PaymentEvents.RefundRequested(EventIds.next(now), now, id, refund, "declined", doctor.userId()),
                new BookingEvents.AppointmentDeclined(EventIds.next(now), now, id, doctorId, patientId, why, refund,
                        doctor.userId(), doctor.clientIp())));
    }

    /**
     * Cancels a future booking. A patient gets the money back until the free-cancellation time;
     * a doctor's or the platform's cancellation always refunds in full.
     *
     * @return the amount to refund and the events: the refund request (also of nothing, so the record is
     * complete), the cancellation, and the back office's action when staff cancelled
     */
    public Cancellation cancel(By who, String why, Instant now) {
        Actor by = who.actor();
        if (!status.active()) {
            throw new MedbookException(ProblemKind.CONFLICT, "booking-not-active", "A " + status + " booking cannot be cancelled");
        }
        if (!start.isAfter(now)) {
            throw new MedbookException(ProblemKind.RULE_BROKEN, "booking-started", "A booking that has started cannot be cancelled");
        }
        boolean wasPaid = paidOnline();
        AppointmentStatus before = status;
        status = AppointmentStatus.CANCELLED;
        cancelledBy = by;
        cancellationReason = why;
        long refund = !wasPaid || before == AppointmentStatus.PENDING_PAYMENT ? 0
                : by != Actor.PATIENT || now.isBefore(freeCancellationUntil()) ? price.amountMinor() : 0;
        List<Object> events = new ArrayList<>(List.of(
                new PaymentEvents.RefundRequested(EventIds.next(now), now, id, refund,
                        "cancelled by " + by.name().toLowerCase(Locale.ROOT), who.userId()),
                new BookingEvents.AppointmentCancelled(EventIds.next(now), now, id, doctorId, patientId, by.name(), why,
                        refund, who.userId(), who.clientIp())));
        staffAction(who, "cancel", now).ifPresent(events::add);
        return new Cancellation(refund, List.copyOf(events));
    }

    /** The back office acting on somebody else's booking is recorded as such. */
    private Optional<Object> staffAction(By who, String what, Instant now) {
        return who.actor() != Actor.STAFF ? Optional.empty()
                : Optional.of(new BookingEvents.BookingManagedByStaff(EventIds.next(now), now, id, doctorId, patientId,
                        what, who.userId(), who.clientIp()));
    }

    /** A move: where the booking was, and the events that say where it went. */
    public record Move(Instant from, List<Object> events) {
    }

    /** Moves the booking; the same id, a new time. The database refuses it if the new time is taken. */
    public Move reschedule(By who, Instant newStart, Instant newEnd, UUID newLocation, Instant now) {
        Actor by = who.actor();
        if (status != AppointmentStatus.CONFIRMED && status != AppointmentStatus.PENDING_APPROVAL) {
            throw new MedbookException(ProblemKind.CONFLICT, "booking-not-active",
                    "A " + status + " booking cannot be rescheduled");
        }
        if (!start.isAfter(now)) {
            throw new MedbookException(ProblemKind.RULE_BROKEN, "booking-started", "A booking that has started cannot be moved");
        }
        if (by == Actor.PATIENT && !now.isBefore(freeCancellationUntil())) {
            throw new MedbookException(ProblemKind.RULE_BROKEN, "reschedule-window-closed",
                    "Rescheduling was possible until " + freeCancellationUntil());
        }
        if (!newStart.isAfter(now)) {
            throw new MedbookException(ProblemKind.RULE_BROKEN, "booking-in-the-past", "A booking starts in the future");
        }
        Instant old = start;
        start = newStart;
        end = newEnd;
        locationId = newLocation;
        List<Object> events = new ArrayList<>(List.of(new BookingEvents.AppointmentRescheduled(EventIds.next(now), now,
                id, doctorId, patientId, old, start, who.userId(), who.clientIp())));
        staffAction(who, "reschedule", now).ifPresent(events::add);
        return new Move(old, List.copyOf(events));
    }

    /** @return the attendance, as the doctor recorded it */
    public List<Object> attended(boolean showedUp, Instant now) {
        require(status == AppointmentStatus.CONFIRMED, "Only a confirmed booking can be completed or marked no-show");
        if (now.isBefore(start)) {
            throw new MedbookException(ProblemKind.RULE_BROKEN, "booking-not-started", "The visit has not started yet");
        }
        status = showedUp ? AppointmentStatus.COMPLETED : AppointmentStatus.NO_SHOW;
        return List.of(new BookingEvents.AppointmentAttended(EventIds.next(now), now, id, doctorId, patientId, showedUp));
    }

    /**
     * Until when the patient may cancel for free or reschedule: the doctor's notice before the start,
     * or the end of the grace period after booking when that is later, never past the start.
     */
    public Instant freeCancellationUntil() {
        Instant byNotice = start.minus(freeCancellationNotice);
        if (graceUntil == null || !graceUntil.isAfter(byNotice)) {
            return byNotice;
        }
        return earlier(graceUntil, start);
    }

    private static Instant earlier(Instant a, Instant b) {
        return a.isBefore(b) ? a : b;
    }

    private boolean paidOnline() {
        return paymentMethod.online() && status != AppointmentStatus.PENDING_PAYMENT;
    }

    private void require(boolean condition, String detail) {
        if (!condition) {
            throw new MedbookException(ProblemKind.CONFLICT, "booking-state", detail + " (it is " + status + ")");
        }
    }

    public UUID id() { return id; }
    public UUID patientId() { return patientId; }
    public UUID doctorId() { return doctorId; }
    public AppointmentStatus status() { return status; }
    public Instant start() { return start; }
    public Instant end() { return end; }
    public ConsultationType type() { return type; }
    public UUID locationId() { return locationId; }
    public String timeZone() { return timeZone; }
    public PaymentMethod paymentMethod() { return paymentMethod; }
    public Money price() { return price; }
    public Instant holdExpiresAt() { return holdExpiresAt; }
    public boolean requiresApproval() { return requiresApproval; }
    public Duration freeCancellationNotice() { return freeCancellationNotice; }
    public Instant graceUntil() { return graceUntil; }
    public String reason() { return reason; }
    public Actor cancelledBy() { return cancelledBy; }
    public String cancellationReason() { return cancellationReason; }
    public UUID rebookedFrom() { return rebookedFrom; }
    public Instant createdAt() { return createdAt; }
    public int version() { return version; }
}
