package org.medbook.booking.domain;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.medbook.booking.AppointmentStatus;
import org.medbook.booking.domain.Appointment.PaymentOutcome;
import org.medbook.doctors.ConsultationType;
import org.medbook.doctors.FreeSlot;
import org.medbook.payments.PaymentMethod;
import org.medbook.shared.MedbookException;
import org.medbook.shared.Money;
import org.medbook.shared.ProblemKind;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AppointmentTests {

    private static final Instant NOW = Instant.parse("2026-03-02T09:00:00Z");
    private static final Instant START = Instant.parse("2026-03-05T10:00:00Z");
    private static final Instant END = START.plus(Duration.ofMinutes(30));
    /** The platform default: free cancellation until 24 hours before the visit. */
    private static final Instant DEADLINE = START.minus(Duration.ofHours(24));
    private static final Duration HOLD = Duration.ofMinutes(15);
    private static final Duration GRACE = Duration.ofMinutes(30);
    private static final Appointment.PlatformTerms TERMS = new Appointment.PlatformTerms(HOLD, GRACE);
    private static final Money PRICE = new Money(4500, "EUR");
    private static final UUID PATIENT = UUID.fromString("00000000-0000-0000-0000-00000000000a");
    private static final UUID DOCTOR = UUID.fromString("00000000-0000-0000-0000-00000000000d");
    private static final UUID LOCATION = UUID.fromString("00000000-0000-0000-0000-0000000000c1");
    private static final Instant NEW_START = START.plus(Duration.ofDays(2));
    private static final Instant NEW_END = NEW_START.plus(Duration.ofMinutes(30));
    private static final UUID NEW_LOCATION = UUID.fromString("00000000-0000-0000-0000-0000000000c2");

    private static Appointment book(PaymentMethod method, boolean requiresApproval) {
        return Appointment.book(new Appointment.NewBooking(PATIENT, DOCTOR, new FreeSlot(START, END, ConsultationType.IN_PERSON, LOCATION), "Europe/Berlin",
                method, PRICE, "back pain", null), new BookingPolicy(24, requiresApproval), TERMS, NOW).appointment();
    }

    /** Booked online and paid: confirmed (or pending approval) with the money taken. */
    private static Appointment paid(boolean requiresApproval) {
        Appointment appointment = book(PaymentMethod.STRIPE, requiresApproval);
        appointment.paymentReceived();
        return appointment;
    }

    private static Appointment cancelled() {
        Appointment appointment = book(PaymentMethod.CASH, false);
        appointment.cancel(Actor.PATIENT, "changed my mind", NOW);
        return appointment;
    }

    private static Appointment expired() {
        Appointment appointment = book(PaymentMethod.STRIPE, false);
        appointment.expire(NOW.plus(HOLD));
        return appointment;
    }

    private static Appointment attended(boolean showedUp) {
        Appointment appointment = book(PaymentMethod.CASH, false);
        appointment.attended(showedUp, START);
        return appointment;
    }

    private static void assertRefused(Runnable change, ProblemKind kind, String slug) {
        assertThatThrownBy(change::run).isInstanceOfSatisfying(MedbookException.class, e -> {
            assertThat(e.kind()).isEqualTo(kind);
            assertThat(e.slug()).isEqualTo(slug);
        });
    }

    @Test
    void aCashBookingIsConfirmedAtOnceAndHoldsNothing() {
        UUID previous = UUID.randomUUID();
        Appointment appointment = Appointment.book(new Appointment.NewBooking(PATIENT, DOCTOR, new FreeSlot(START, END, ConsultationType.VIDEO, null), "Europe/Berlin",
                PaymentMethod.CASH, PRICE, "follow-up", previous), new BookingPolicy(48, false), TERMS, NOW).appointment();

        assertThat(appointment.status()).isEqualTo(AppointmentStatus.CONFIRMED);
        assertThat(appointment.holdExpiresAt()).isNull();
        assertThat(appointment.id()).isNotNull();
        assertThat(appointment.patientId()).isEqualTo(PATIENT);
        assertThat(appointment.doctorId()).isEqualTo(DOCTOR);
        assertThat(appointment.start()).isEqualTo(START);
        assertThat(appointment.end()).isEqualTo(END);
        assertThat(appointment.type()).isEqualTo(ConsultationType.VIDEO);
        assertThat(appointment.locationId()).isNull();
        assertThat(appointment.timeZone()).isEqualTo("Europe/Berlin");
        assertThat(appointment.paymentMethod()).isEqualTo(PaymentMethod.CASH);
        assertThat(appointment.price()).isEqualTo(PRICE);
        assertThat(appointment.requiresApproval()).isFalse();
        assertThat(appointment.freeCancellationNotice()).isEqualTo(Duration.ofHours(48));
        assertThat(appointment.freeCancellationUntil()).isEqualTo(START.minus(Duration.ofHours(48)));
        assertThat(appointment.reason()).isEqualTo("follow-up");
        assertThat(appointment.rebookedFrom()).isEqualTo(previous);
        assertThat(appointment.createdAt()).isEqualTo(NOW);
        assertThat(appointment.cancelledBy()).isNull();
        assertThat(appointment.cancellationReason()).isNull();
        assertThat(appointment.version()).isZero();
    }

    @Test
    void aCashBookingWithADoctorWhoApprovesWaitsForTheApproval() {
        Appointment appointment = book(PaymentMethod.CASH, true);

        assertThat(appointment.status()).isEqualTo(AppointmentStatus.PENDING_APPROVAL);
        assertThat(appointment.requiresApproval()).isTrue();
        assertThat(appointment.holdExpiresAt()).isNull();
    }

    @Test
    void anOnlineBookingHoldsTheSlotUntilThePaymentIsDue() {
        for (PaymentMethod online : new PaymentMethod[] {PaymentMethod.STRIPE, PaymentMethod.PAYPAL}) {
            Appointment appointment = book(online, true);

            assertThat(appointment.status()).isEqualTo(AppointmentStatus.PENDING_PAYMENT);
            assertThat(appointment.holdExpiresAt()).isEqualTo(NOW.plus(HOLD));
            assertThat(appointment.requiresApproval()).isTrue();
            assertThat(appointment.locationId()).isEqualTo(LOCATION);
            assertThat(appointment.paymentMethod()).isEqualTo(online);
        }
    }

    @Test
    void aBookingMustStartInTheFuture() {
        assertRefused(() -> Appointment.book(new Appointment.NewBooking(PATIENT, DOCTOR, new FreeSlot(NOW, NOW.plusSeconds(1800), ConsultationType.VIDEO, null), "Europe/Berlin",
                PaymentMethod.CASH, PRICE, null, null), BookingPolicy.platformDefault(), TERMS, NOW).appointment(), ProblemKind.RULE_BROKEN, "booking-in-the-past");

        Appointment oneSecondAhead = Appointment.book(new Appointment.NewBooking(PATIENT, DOCTOR, new FreeSlot(NOW.plusSeconds(1), NOW.plusSeconds(1801), ConsultationType.VIDEO, null), "Europe/Berlin",
                PaymentMethod.CASH, PRICE, null, null), BookingPolicy.platformDefault(), TERMS, NOW).appointment();
        assertThat(oneSecondAhead.status()).isEqualTo(AppointmentStatus.CONFIRMED);
    }

    @Test
    void aPaymentConfirmsAHeldBookingAndReleasesTheHold() {
        Appointment appointment = book(PaymentMethod.STRIPE, false);

        assertThat(appointment.paymentReceived()).isEqualTo(PaymentOutcome.CONFIRMED);
        assertThat(appointment.status()).isEqualTo(AppointmentStatus.CONFIRMED);
        assertThat(appointment.holdExpiresAt()).isNull();
    }

    @Test
    void aPaymentLeavesAHeldBookingWaitingForTheDoctorWhoApproves() {
        Appointment appointment = book(PaymentMethod.PAYPAL, true);

        assertThat(appointment.paymentReceived()).isEqualTo(PaymentOutcome.AWAITING_APPROVAL);
        assertThat(appointment.status()).isEqualTo(AppointmentStatus.PENDING_APPROVAL);
        assertThat(appointment.holdExpiresAt()).isNull();
    }

    @Test
    void aSecondReportOfTheSamePaymentChangesNothing() {
        Appointment confirmed = paid(false);
        Appointment awaitingApproval = paid(true);

        assertThat(confirmed.paymentReceived()).isEqualTo(PaymentOutcome.ALREADY_APPLIED);
        assertThat(confirmed.status()).isEqualTo(AppointmentStatus.CONFIRMED);
        assertThat(awaitingApproval.paymentReceived()).isEqualTo(PaymentOutcome.ALREADY_APPLIED);
        assertThat(awaitingApproval.status()).isEqualTo(AppointmentStatus.PENDING_APPROVAL);
    }

    @Test
    void aPaymentForAVisitThatTookPlaceChangesNothing() {
        Appointment completed = attended(true);

        assertThat(completed.paymentReceived()).isEqualTo(PaymentOutcome.ALREADY_APPLIED);
        assertThat(completed.status()).isEqualTo(AppointmentStatus.COMPLETED);
    }

    @Test
    void aPaymentAfterTheHoldExpiredOrTheBookingWasCancelledIsRefunded() {
        Appointment expired = expired();
        Appointment cancelled = cancelled();

        assertThat(expired.paymentReceived()).isEqualTo(PaymentOutcome.REFUND_LATE_PAYMENT);
        assertThat(expired.status()).isEqualTo(AppointmentStatus.EXPIRED);
        assertThat(cancelled.paymentReceived()).isEqualTo(PaymentOutcome.REFUND_LATE_PAYMENT);
        assertThat(cancelled.status()).isEqualTo(AppointmentStatus.CANCELLED);
    }

    @Test
    void anUnpaidHoldExpiresOnceItsTimeIsUp() {
        Appointment appointment = book(PaymentMethod.STRIPE, false);

        assertThat(appointment.expire(NOW.plus(HOLD).minusSeconds(1))).isFalse();
        assertThat(appointment.status()).isEqualTo(AppointmentStatus.PENDING_PAYMENT);

        assertThat(appointment.expire(NOW.plus(HOLD))).isTrue();
        assertThat(appointment.status()).isEqualTo(AppointmentStatus.EXPIRED);
    }

    @Test
    void aPaidOrCashBookingNeverExpires() {
        Appointment paid = paid(false);
        Appointment cash = book(PaymentMethod.CASH, false);
        Instant muchLater = NOW.plus(Duration.ofDays(1));

        assertThat(paid.expire(muchLater)).isFalse();
        assertThat(paid.status()).isEqualTo(AppointmentStatus.CONFIRMED);
        assertThat(cash.expire(muchLater)).isFalse();
        assertThat(cash.status()).isEqualTo(AppointmentStatus.CONFIRMED);
    }

    @Test
    void aPendingPaymentWithoutAHoldTimeIsNotExpired() {
        Appointment noHold = new Appointment(UUID.randomUUID(), PATIENT, DOCTOR, AppointmentStatus.PENDING_PAYMENT,
                START, END, ConsultationType.VIDEO, null, "Europe/Berlin", PaymentMethod.STRIPE, PRICE, null, false,
                Duration.ofHours(24), null, null, null, null, null, NOW, 3);

        assertThat(noHold.expire(NOW.plus(Duration.ofDays(1)))).isFalse();
        assertThat(noHold.status()).isEqualTo(AppointmentStatus.PENDING_PAYMENT);
        assertThat(noHold.version()).isEqualTo(3);
    }

    @Test
    void theDoctorApprovesABookingPendingApproval() {
        Appointment appointment = book(PaymentMethod.CASH, true);

        appointment.approve();

        assertThat(appointment.status()).isEqualTo(AppointmentStatus.CONFIRMED);
    }

    @Test
    void onlyABookingPendingApprovalCanBeApproved() {
        assertRefused(() -> book(PaymentMethod.CASH, false).approve(), ProblemKind.CONFLICT, "booking-state");
        assertRefused(() -> book(PaymentMethod.STRIPE, true).approve(), ProblemKind.CONFLICT, "booking-state");
        assertRefused(() -> cancelled().approve(), ProblemKind.CONFLICT, "booking-state");
    }

    @Test
    void decliningAPaidBookingCancelsItAndRefundsThePrice() {
        Appointment appointment = paid(true);

        assertThat(appointment.decline("on leave")).isEqualTo(PRICE.amountMinor());
        assertThat(appointment.status()).isEqualTo(AppointmentStatus.CANCELLED);
        assertThat(appointment.cancelledBy()).isEqualTo(Actor.DOCTOR);
        assertThat(appointment.cancellationReason()).isEqualTo("on leave");
    }

    @Test
    void decliningACashBookingRefundsNothing() {
        Appointment appointment = book(PaymentMethod.CASH, true);

        assertThat(appointment.decline("on leave")).isZero();
        assertThat(appointment.status()).isEqualTo(AppointmentStatus.CANCELLED);
        assertThat(appointment.cancelledBy()).isEqualTo(Actor.DOCTOR);
    }

    @Test
    void onlyABookingPendingApprovalCanBeDeclined() {
        Appointment confirmed = book(PaymentMethod.CASH, false);

        assertThatThrownBy(() -> confirmed.decline("no"))
                .isInstanceOfSatisfying(MedbookException.class, e -> {
                    assertThat(e.kind()).isEqualTo(ProblemKind.CONFLICT);
                    assertThat(e.slug()).isEqualTo("booking-state");
                    assertThat(e.getMessage()).contains("CONFIRMED");
                });
        assertThat(confirmed.status()).isEqualTo(AppointmentStatus.CONFIRMED);
        assertThat(confirmed.cancelledBy()).isNull();
    }

    @Test
    void aPatientCancellingBeforeTheDeadlineGetsTheMoneyBack() {
        Appointment appointment = paid(false);

        assertThat(appointment.cancel(Actor.PATIENT, "flu", DEADLINE.minusSeconds(1))).isEqualTo(4500);
        assertThat(appointment.status()).isEqualTo(AppointmentStatus.CANCELLED);
        assertThat(appointment.cancelledBy()).isEqualTo(Actor.PATIENT);
        assertThat(appointment.cancellationReason()).isEqualTo("flu");
    }

    @Test
    void aPatientCancellingFromTheDeadlineOnGetsNothingBack() {
        Appointment atDeadline = paid(false);
        Appointment later = paid(true);

        assertThat(atDeadline.cancel(Actor.PATIENT, "flu", DEADLINE)).isZero();
        assertThat(atDeadline.status()).isEqualTo(AppointmentStatus.CANCELLED);
        assertThat(later.cancel(Actor.PATIENT, "flu", START.minusSeconds(60))).isZero();
        assertThat(later.status()).isEqualTo(AppointmentStatus.CANCELLED);
    }

    @Test
    void aDoctorOrThePlatformCancellingRefundsInFullEvenAfterTheDeadline() {
        for (Actor by : new Actor[] {Actor.DOCTOR, Actor.STAFF, Actor.SYSTEM}) {
            Appointment appointment = paid(false);

            assertThat(appointment.cancel(by, "emergency", START.minusSeconds(60))).isEqualTo(4500);
            assertThat(appointment.cancelledBy()).isEqualTo(by);
        }
    }

    @Test
    void cancellingAnUnpaidHoldOrACashBookingRefundsNothing() {
        Appointment hold = book(PaymentMethod.STRIPE, false);
        Appointment cash = book(PaymentMethod.CASH, false);

        assertThat(hold.cancel(Actor.DOCTOR, "emergency", NOW)).isZero();
        assertThat(hold.status()).isEqualTo(AppointmentStatus.CANCELLED);
        assertThat(cash.cancel(Actor.DOCTOR, "emergency", NOW)).isZero();
        assertThat(cash.status()).isEqualTo(AppointmentStatus.CANCELLED);
        assertThat(cash.cancelledBy()).isEqualTo(Actor.DOCTOR);
    }

    @Test
    void aBookingThatHasStartedCannotBeCancelled() {
        Appointment appointment = paid(false);

        assertRefused(() -> appointment.cancel(Actor.DOCTOR, "late", START), ProblemKind.RULE_BROKEN,
                "booking-started");
        assertThat(appointment.status()).isEqualTo(AppointmentStatus.CONFIRMED);
        assertThat(appointment.cancelledBy()).isNull();
    }

    @Test
    void aBookingThatIsNoLongerActiveCannotBeCancelled() {
        assertRefused(() -> cancelled().cancel(Actor.DOCTOR, "again", NOW), ProblemKind.CONFLICT,
                "booking-not-active");
        assertRefused(() -> expired().cancel(Actor.PATIENT, "again", NOW), ProblemKind.CONFLICT,
                "booking-not-active");
        assertRefused(() -> attended(false).cancel(Actor.DOCTOR, "again", NOW), ProblemKind.CONFLICT,
                "booking-not-active");
    }

    @Test
    void reschedulingMovesTheBookingAndReturnsTheOldStart() {
        Appointment appointment = paid(false);

        Instant old = appointment.reschedule(Actor.PATIENT, NEW_START, NEW_END, NEW_LOCATION, DEADLINE.minusSeconds(1));

        assertThat(old).isEqualTo(START);
        assertThat(appointment.start()).isEqualTo(NEW_START);
        assertThat(appointment.end()).isEqualTo(NEW_END);
        assertThat(appointment.locationId()).isEqualTo(NEW_LOCATION);
        assertThat(appointment.status()).isEqualTo(AppointmentStatus.CONFIRMED);
        assertThat(appointment.freeCancellationUntil()).isEqualTo(NEW_START.minus(Duration.ofHours(24)));
    }

    @Test
    void aBookingPendingApprovalCanBeRescheduledToo() {
        Appointment appointment = book(PaymentMethod.CASH, true);

        assertThat(appointment.reschedule(Actor.DOCTOR, NEW_START, NEW_END, LOCATION, NOW)).isEqualTo(START);
        assertThat(appointment.start()).isEqualTo(NEW_START);
        assertThat(appointment.status()).isEqualTo(AppointmentStatus.PENDING_APPROVAL);
    }

    @Test
    void thePatientMayNoLongerMoveItFromTheDeadlineOn() {
        Appointment appointment = paid(false);

        assertThatThrownBy(() -> appointment.reschedule(Actor.PATIENT, NEW_START, NEW_END, LOCATION, DEADLINE))
                .isInstanceOfSatisfying(MedbookException.class, e -> {
                    assertThat(e.kind()).isEqualTo(ProblemKind.RULE_BROKEN);
                    assertThat(e.slug()).isEqualTo("reschedule-window-closed");
                    assertThat(e.getMessage()).contains(DEADLINE.toString());
                });
        assertThat(appointment.start()).isEqualTo(START);
    }

    @Test
    void theDoctorMayMoveItAfterThePatientsDeadline() {
        Appointment appointment = paid(false);

        appointment.reschedule(Actor.DOCTOR, NEW_START, NEW_END, LOCATION, START.minusSeconds(1));

        assertThat(appointment.start()).isEqualTo(NEW_START);
    }

    @Test
    void anUnpaidHoldOrAFinishedBookingCannotBeMoved() {
        assertRefused(() -> book(PaymentMethod.STRIPE, false).reschedule(Actor.DOCTOR, NEW_START, NEW_END, LOCATION,
                NOW), ProblemKind.CONFLICT, "booking-not-active");
        assertRefused(() -> cancelled().reschedule(Actor.DOCTOR, NEW_START, NEW_END, LOCATION, NOW),
                ProblemKind.CONFLICT, "booking-not-active");
        assertRefused(() -> attended(true).reschedule(Actor.DOCTOR, NEW_START, NEW_END, LOCATION, NOW),
                ProblemKind.CONFLICT, "booking-not-active");
    }

    @Test
    void aBookingThatHasStartedCannotBeMoved() {
        Appointment appointment = paid(false);

        assertRefused(() -> appointment.reschedule(Actor.DOCTOR, NEW_START, NEW_END, LOCATION, START),
                ProblemKind.RULE_BROKEN, "booking-started");
        assertThat(appointment.start()).isEqualTo(START);
    }

    @Test
    void aRescheduledTimeMustBeInTheFuture() {
        Appointment appointment = paid(false);
        Instant now = NOW.plus(Duration.ofHours(1));

        assertRefused(() -> appointment.reschedule(Actor.DOCTOR, now, now.plusSeconds(1800), LOCATION, now),
                ProblemKind.RULE_BROKEN, "booking-in-the-past");
        assertThat(appointment.start()).isEqualTo(START);

        appointment.reschedule(Actor.DOCTOR, now.plusSeconds(1), now.plusSeconds(1801), LOCATION, now);
        assertThat(appointment.start()).isEqualTo(now.plusSeconds(1));
    }

    @Test
    void aConfirmedVisitIsCompletedOnceItHasStarted() {
        Appointment appointment = paid(false);

        appointment.attended(true, START);

        assertThat(appointment.status()).isEqualTo(AppointmentStatus.COMPLETED);
    }

    @Test
    void aPatientWhoDidNotComeIsMarkedNoShow() {
        Appointment appointment = paid(false);

        appointment.attended(false, END);

        assertThat(appointment.status()).isEqualTo(AppointmentStatus.NO_SHOW);
    }

    @Test
    void aVisitThatHasNotStartedCannotBeCompleted() {
        Appointment appointment = paid(false);

        assertRefused(() -> appointment.attended(true, START.minusSeconds(1)), ProblemKind.RULE_BROKEN,
                "booking-not-started");
        assertThat(appointment.status()).isEqualTo(AppointmentStatus.CONFIRMED);
    }

    @Test
    void onlyAConfirmedBookingCanBeCompletedOrMarkedNoShow() {
        assertRefused(() -> book(PaymentMethod.CASH, true).attended(true, START), ProblemKind.CONFLICT,
                "booking-state");
        assertRefused(() -> cancelled().attended(false, START), ProblemKind.CONFLICT, "booking-state");
        assertRefused(() -> attended(true).attended(false, START), ProblemKind.CONFLICT, "booking-state");
    }

    @Test
    void aBookingMadeInsideTheNoticeKeepsAGracePeriodToCancelForFreeOrReschedule() {
        Instant soon = NOW.plus(Duration.ofHours(3));
        Appointment appointment = Appointment.book(new Appointment.NewBooking(PATIENT, DOCTOR, new FreeSlot(soon, soon.plus(Duration.ofMinutes(30)), ConsultationType.VIDEO, null), "Europe/Berlin",
                PaymentMethod.STRIPE, PRICE, null, null), new BookingPolicy(24, false), TERMS, NOW).appointment();
        appointment.paymentReceived();

        assertThat(appointment.graceUntil()).isEqualTo(NOW.plus(GRACE));
        assertThat(appointment.freeCancellationUntil()).isEqualTo(NOW.plus(GRACE));
        Instant moved = soon.plus(Duration.ofHours(1));
        appointment.reschedule(Actor.PATIENT, moved, moved.plus(Duration.ofMinutes(30)), null,
                NOW.plus(GRACE).minusSeconds(1));
        assertThat(appointment.freeCancellationUntil()).as("the grace runs from booking, not from the move")
                .isEqualTo(NOW.plus(GRACE));
        assertThat(appointment.cancel(Actor.PATIENT, null, NOW.plus(GRACE).minusSeconds(1))).isEqualTo(PRICE.amountMinor());
    }

    @Test
    void theGracePeriodEndsAtTheStartAtTheLatest() {
        Instant verySoon = NOW.plus(Duration.ofMinutes(10));
        Appointment appointment = Appointment.book(new Appointment.NewBooking(PATIENT, DOCTOR, new FreeSlot(verySoon, verySoon.plus(Duration.ofMinutes(30)), ConsultationType.VIDEO, null), "Europe/Berlin",
                PaymentMethod.CASH, PRICE, null, null), new BookingPolicy(24, false), TERMS, NOW).appointment();

        assertThat(appointment.freeCancellationUntil()).isEqualTo(verySoon);
    }

    @Test
    void aBookingMadeLongBeforeTheNoticeIsGovernedByTheNoticeAlone() {
        Appointment appointment = book(PaymentMethod.CASH, false);

        assertThat(appointment.graceUntil()).isEqualTo(NOW.plus(GRACE));
        assertThat(appointment.freeCancellationUntil()).isEqualTo(DEADLINE);
    }
}
