package org.medbook.booking.domain;

import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.medbook.booking.AppointmentStatus;
import org.medbook.booking.BookingEvents;
import org.medbook.booking.domain.Appointment.PaymentOutcome;
import org.medbook.doctors.ConsultationType;
import org.medbook.payments.PaymentEvents;
import org.medbook.payments.PaymentMethod;
import org.medbook.shared.MedbookException;
import org.medbook.shared.ProblemKind;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.medbook.booking.domain.AppointmentFixtures.DEADLINE;
import static org.medbook.booking.domain.AppointmentFixtures.DOCTOR;
import static org.medbook.booking.domain.AppointmentFixtures.END;
import static org.medbook.booking.domain.AppointmentFixtures.GRACE;
import static org.medbook.booking.domain.AppointmentFixtures.HOLD;
import static org.medbook.booking.domain.AppointmentFixtures.LOCATION;
import static org.medbook.booking.domain.AppointmentFixtures.NOW;
import static org.medbook.booking.domain.AppointmentFixtures.PATIENT;
import static org.medbook.booking.domain.AppointmentFixtures.PRICE;
import static org.medbook.booking.domain.AppointmentFixtures.START;
import static org.medbook.booking.domain.AppointmentFixtures.TIME_ZONE;
import static org.medbook.booking.domain.AppointmentFixtures.booked;
import static org.medbook.booking.domain.AppointmentFixtures.by;
import static org.medbook.booking.domain.AppointmentFixtures.booking;
import static org.medbook.booking.domain.AppointmentFixtures.in;
import static org.medbook.booking.domain.AppointmentFixtures.paid;

/**
 * Every transition of an appointment from every state: where it leads, and that in every other
 * state it is refused with the problem type the API answers (or, for the reports a provider or a
 * scheduler may repeat, changes nothing). The refund each cancellation owes is part of the
 * transition, so it is pinned for each actor on each side of the free-cancellation deadline.
 */
class AppointmentStateMachineTests {

    private static final Instant NEW_START = START.plus(Duration.ofDays(2));
    private static final Instant NEW_END = NEW_START.plus(Duration.ofMinutes(30));
    private static final UUID NEW_LOCATION = UUID.fromString("00000000-0000-0000-0000-0000000000c2");
    private static final EnumSet<AppointmentStatus> ACTIVE = EnumSet.of(AppointmentStatus.PENDING_PAYMENT,
            AppointmentStatus.PENDING_APPROVAL, AppointmentStatus.CONFIRMED);

    private static void assertRefused(Runnable change, ProblemKind kind, String slug) {
        assertThatThrownBy(change::run).isInstanceOfSatisfying(MedbookException.class, e -> {
            assertThat(e.kind()).isEqualTo(kind);
            assertThat(e.slug()).isEqualTo(slug);
        });
    }

    // ---------------------------------------------------------------- booking

    @Test
    void aBookingStartsInTheStateItsPaymentAndPolicyCallFor() {
        assertThat(booked(PaymentMethod.CASH, false).status()).isEqualTo(AppointmentStatus.CONFIRMED);
        assertThat(booked(PaymentMethod.CASH, true).status()).isEqualTo(AppointmentStatus.PENDING_APPROVAL);
        for (PaymentMethod online : EnumSet.of(PaymentMethod.STRIPE, PaymentMethod.PAYPAL)) {
            for (boolean approval : new boolean[] {false, true}) {
                Appointment held = booked(online, approval);

                assertThat(held.status()).isEqualTo(AppointmentStatus.PENDING_PAYMENT);
                assertThat(held.holdExpiresAt()).isEqualTo(NOW.plus(HOLD));
            }
        }
        assertThat(booked(PaymentMethod.CASH, true).holdExpiresAt()).isNull();
    }

    @Test
    void aBookingKeepsWhatItWasMadeWith() {
        UUID previous = UUID.randomUUID();
        Appointment appointment = booking().asVideoVisit().withPolicy(48, false).rebookedFrom(previous).book();

        assertThat(appointment.type()).isEqualTo(ConsultationType.VIDEO);
        assertThat(appointment.locationId()).isNull();
        assertThat(appointment.freeCancellationNotice()).isEqualTo(Duration.ofHours(48));
        assertThat(appointment.freeCancellationUntil()).isEqualTo(START.minus(Duration.ofHours(48)));
        assertThat(appointment.graceUntil()).isEqualTo(NOW.plus(GRACE));
        assertThat(appointment.rebookedFrom()).isEqualTo(previous);
        assertThat(appointment.reason()).isEqualTo("back pain");
        assertThat(appointment.createdAt()).isEqualTo(NOW);
        assertThat(appointment.cancelledBy()).isNull();
        assertThat(appointment.version()).isZero();
        assertThat(appointment.patientId()).isEqualTo(PATIENT);
        assertThat(appointment.doctorId()).isEqualTo(DOCTOR);
        assertThat(appointment.timeZone()).isEqualTo(TIME_ZONE);
        assertThat(appointment.paymentMethod()).isEqualTo(PaymentMethod.CASH);
        assertThat(appointment.price()).isEqualTo(PRICE);
        assertThat(appointment.requiresApproval()).isFalse();
        assertThat(booking().withPolicy(48, true).book().requiresApproval()).isTrue();
    }

    @Test
    void aBookingThatDoesNotStartInTheFutureIsRefused() {
        assertRefused(() -> booking().startingAt(NOW).book(), ProblemKind.RULE_BROKEN, "booking-in-the-past");
        assertRefused(() -> booking().startingAt(NOW.minusSeconds(60)).book(), ProblemKind.RULE_BROKEN,
                "booking-in-the-past");
        assertThat(booking().startingAt(NOW.plusSeconds(1)).book().status()).isEqualTo(AppointmentStatus.CONFIRMED);
    }

    // ---------------------------------------------------------------- payment received

    @Test
    void aPaymentConfirmsAHeldBooking() {
        Appointment appointment = booked(PaymentMethod.STRIPE, false);

        assertThat(appointment.paymentReceived()).isEqualTo(PaymentOutcome.CONFIRMED);
        assertThat(appointment.status()).isEqualTo(AppointmentStatus.CONFIRMED);
        assertThat(appointment.holdExpiresAt()).isNull();
    }

    @Test
    void aPaymentHandsAHeldBookingToTheDoctorWhoApproves() {
        Appointment appointment = booked(PaymentMethod.PAYPAL, true);

        assertThat(appointment.paymentReceived()).isEqualTo(PaymentOutcome.AWAITING_APPROVAL);
        assertThat(appointment.status()).isEqualTo(AppointmentStatus.PENDING_APPROVAL);
        assertThat(appointment.holdExpiresAt()).isNull();
    }

    @ParameterizedTest
    @EnumSource(value = AppointmentStatus.class, names = {"EXPIRED", "CANCELLED"})
    void aPaymentForABookingThatWentAwayIsToBeRefunded(AppointmentStatus status) {
        Appointment appointment = in(status);

        assertThat(appointment.paymentReceived()).isEqualTo(PaymentOutcome.REFUND_LATE_PAYMENT);
        assertThat(appointment.status()).isEqualTo(status);
    }

    @ParameterizedTest
    @EnumSource(value = AppointmentStatus.class, names = {"PENDING_APPROVAL", "CONFIRMED", "COMPLETED", "NO_SHOW"})
    void aPaymentReportedAgainOrLateChangesNothing(AppointmentStatus status) {
        Appointment appointment = in(status);

        assertThat(appointment.paymentReceived()).isEqualTo(PaymentOutcome.ALREADY_APPLIED);
        assertThat(appointment.status()).isEqualTo(status);
    }

    // ---------------------------------------------------------------- hold expiry

    @Test
    void anUnpaidHoldExpiresWhenItsTimeIsUp() {
        Appointment appointment = booked(PaymentMethod.STRIPE, false);

        assertThat(appointment.expire(NOW.plus(HOLD).minusSeconds(1))).isFalse();
        assertThat(appointment.status()).isEqualTo(AppointmentStatus.PENDING_PAYMENT);
        assertThat(appointment.expire(NOW.plus(HOLD))).isTrue();
        assertThat(appointment.status()).isEqualTo(AppointmentStatus.EXPIRED);
    }

    @ParameterizedTest
    @EnumSource(value = AppointmentStatus.class, mode = EnumSource.Mode.EXCLUDE, names = "PENDING_PAYMENT")
    void onlyAnUnpaidHoldExpires(AppointmentStatus status) {
        Appointment appointment = in(status);

        assertThat(appointment.expire(END.plus(Duration.ofDays(1)))).isFalse();
        assertThat(appointment.status()).isEqualTo(status);
    }

    @Test
    void aHoldWithoutAnExpiryTimeDoesNotExpire() {
        Appointment appointment = AppointmentFixtures.storedHoldWithoutExpiry();

        assertThat(appointment.expire(END.plus(Duration.ofDays(1)))).isFalse();
        assertThat(appointment.status()).isEqualTo(AppointmentStatus.PENDING_PAYMENT);
    }

    // ---------------------------------------------------------------- approval

    @Test
    void theDoctorApprovesABookingPendingApproval() {
        Appointment cash = booked(PaymentMethod.CASH, true);
        Appointment paid = paid(true);

        cash.approve(NOW);
        paid.approve(NOW);

        assertThat(cash.status()).isEqualTo(AppointmentStatus.CONFIRMED);
        assertThat(paid.status()).isEqualTo(AppointmentStatus.CONFIRMED);
    }

    @ParameterizedTest
    @EnumSource(value = AppointmentStatus.class, mode = EnumSource.Mode.EXCLUDE, names = "PENDING_APPROVAL")
    void onlyABookingPendingApprovalIsApproved(AppointmentStatus status) {
        Appointment appointment = in(status);

        assertRefused(() -> appointment.approve(NOW), ProblemKind.CONFLICT, "booking-state");
        assertThat(appointment.status()).isEqualTo(status);
    }

    @Test
    void decliningCancelsForTheDoctorAndRefundsWhatWasPaidOnline() {
        Appointment paid = paid(true);
        Appointment cash = booked(PaymentMethod.CASH, true);

        assertThat(paid.decline(by(Actor.DOCTOR), "on leave", NOW).refundMinor()).isEqualTo(PRICE.amountMinor());
        assertThat(cash.decline(by(Actor.DOCTOR), "on leave", NOW).refundMinor()).isZero();

        for (Appointment declined : new Appointment[] {paid, cash}) {
            assertThat(declined.status()).isEqualTo(AppointmentStatus.CANCELLED);
            assertThat(declined.cancelledBy()).isEqualTo(Actor.DOCTOR);
            assertThat(declined.cancellationReason()).isEqualTo("on leave");
        }
    }

    @ParameterizedTest
    @EnumSource(value = AppointmentStatus.class, mode = EnumSource.Mode.EXCLUDE, names = "PENDING_APPROVAL")
    void onlyABookingPendingApprovalIsDeclined(AppointmentStatus status) {
        Appointment appointment = in(status);
        Actor before = appointment.cancelledBy();

        assertRefused(() -> appointment.decline(by(Actor.DOCTOR), "no", NOW).refundMinor(), ProblemKind.CONFLICT, "booking-state");
        assertThat(appointment.status()).isEqualTo(status);
        assertThat(appointment.cancelledBy()).isEqualTo(before);
    }

    // ---------------------------------------------------------------- cancellation and its refund

    @ParameterizedTest
    @EnumSource(value = AppointmentStatus.class, names = {"PENDING_PAYMENT", "PENDING_APPROVAL", "CONFIRMED"})
    void everyActiveBookingCanBeCancelledByAnyone(AppointmentStatus status) {
        for (Actor by : Actor.values()) {
            Appointment appointment = in(status);

            appointment.cancel(by(by), "emergency", NOW).refundMinor();

            assertThat(appointment.status()).isEqualTo(AppointmentStatus.CANCELLED);
            assertThat(appointment.cancelledBy()).isEqualTo(by);
            assertThat(appointment.cancellationReason()).isEqualTo("emergency");
        }
    }

    @Test
    void aPatientGetsTheMoneyBackUntilTheDeadlineAndNothingFromItOn() {
        for (boolean approval : new boolean[] {false, true}) {
            assertThat(paid(approval).cancel(by(Actor.PATIENT), "flu", DEADLINE.minusSeconds(1)).refundMinor()).isEqualTo(4500);
            assertThat(paid(approval).cancel(by(Actor.PATIENT), "flu", DEADLINE).refundMinor()).isZero();
            assertThat(paid(approval).cancel(by(Actor.PATIENT), "flu", START.minusSeconds(1)).refundMinor()).isZero();
        }
    }

    @Test
    void theDoctorStaffOrSystemCancellingRefundsInFullOnEitherSideOfTheDeadline() {
        for (Actor by : EnumSet.of(Actor.DOCTOR, Actor.STAFF, Actor.SYSTEM)) {
            for (Instant when : new Instant[] {NOW, DEADLINE, START.minusSeconds(1)}) {
                assertThat(paid(false).cancel(by(by), "emergency", when).refundMinor()).as(by + " at " + when).isEqualTo(4500);
                assertThat(paid(true).cancel(by(by), "emergency", when).refundMinor()).as(by + " at " + when).isEqualTo(4500);
            }
        }
    }

    @Test
    void nothingIsRefundedWhenNothingWasPaidOnline() {
        for (Actor by : Actor.values()) {
            assertThat(booked(PaymentMethod.STRIPE, false).cancel(by(by), "x", NOW).refundMinor()).as("unpaid hold, " + by).isZero();
            assertThat(booked(PaymentMethod.CASH, false).cancel(by(by), "x", NOW).refundMinor()).as("cash, " + by).isZero();
            assertThat(booked(PaymentMethod.CASH, true).cancel(by(by), "x", NOW).refundMinor()).as("cash pending approval, " + by)
                    .isZero();
        }
    }

    @Test
    void aPatientBookingInsideTheNoticeMayCancelForFreeDuringTheGrace() {
        Instant soon = NOW.plus(Duration.ofHours(3));

        Appointment withinGrace = booking().paidWith(PaymentMethod.STRIPE).startingAt(soon).book();
        withinGrace.paymentReceived();
        Appointment afterGrace = booking().paidWith(PaymentMethod.STRIPE).startingAt(soon).book();
        afterGrace.paymentReceived();

        assertThat(withinGrace.freeCancellationUntil()).isEqualTo(NOW.plus(GRACE));
        assertThat(withinGrace.cancel(by(Actor.PATIENT), null, NOW.plus(GRACE).minusSeconds(1)).refundMinor()).isEqualTo(4500);
        assertThat(afterGrace.cancel(by(Actor.PATIENT), null, NOW.plus(GRACE)).refundMinor()).isZero();
    }

    @Test
    void theGraceNeverRunsPastTheStart() {
        Instant verySoon = NOW.plus(Duration.ofMinutes(10));

        assertThat(booking().startingAt(verySoon).book().freeCancellationUntil()).isEqualTo(verySoon);
    }

    @ParameterizedTest
    @EnumSource(value = AppointmentStatus.class, names = {"CANCELLED", "COMPLETED", "NO_SHOW", "EXPIRED"})
    void aBookingThatIsNoLongerActiveIsNotCancelled(AppointmentStatus status) {
        Appointment appointment = in(status);
        Actor before = appointment.cancelledBy();

        for (Actor by : Actor.values()) {
            assertRefused(() -> appointment.cancel(by(by), "again", NOW).refundMinor(), ProblemKind.CONFLICT, "booking-not-active");
        }
        assertThat(appointment.status()).isEqualTo(status);
        assertThat(appointment.cancelledBy()).isEqualTo(before);
    }

    @ParameterizedTest
    @EnumSource(value = AppointmentStatus.class, names = {"PENDING_PAYMENT", "PENDING_APPROVAL", "CONFIRMED"})
    void aBookingThatHasStartedIsNotCancelled(AppointmentStatus status) {
        Appointment appointment = in(status);

        assertRefused(() -> appointment.cancel(by(Actor.SYSTEM), "late", START).refundMinor(), ProblemKind.RULE_BROKEN,
                "booking-started");
        assertThat(appointment.status()).isEqualTo(status);
        assertThat(appointment.cancelledBy()).isNull();
    }

    // ---------------------------------------------------------------- reschedule

    @ParameterizedTest
    @EnumSource(value = AppointmentStatus.class, names = {"PENDING_APPROVAL", "CONFIRMED"})
    void aConfirmedOrPendingApprovalBookingMovesAndKeepsItsState(AppointmentStatus status) {
        for (Actor by : Actor.values()) {
            Appointment appointment = in(status);

            assertThat(appointment.reschedule(by(by), NEW_START, NEW_END, NEW_LOCATION, NOW).from()).isEqualTo(START);

            assertThat(appointment.start()).isEqualTo(NEW_START);
            assertThat(appointment.end()).isEqualTo(NEW_END);
            assertThat(appointment.locationId()).isEqualTo(NEW_LOCATION);
            assertThat(appointment.status()).isEqualTo(status);
            assertThat(appointment.freeCancellationUntil()).isEqualTo(NEW_START.minus(Duration.ofHours(24)));
        }
    }

    @ParameterizedTest
    @EnumSource(value = AppointmentStatus.class, mode = EnumSource.Mode.EXCLUDE, names = {"PENDING_APPROVAL", "CONFIRMED"})
    void noOtherBookingMoves(AppointmentStatus status) {
        Appointment appointment = in(status);

        assertRefused(() -> appointment.reschedule(by(Actor.DOCTOR), NEW_START, NEW_END, LOCATION, NOW).from(),
                ProblemKind.CONFLICT, "booking-not-active");
        assertThat(appointment.start()).isEqualTo(START);
        assertThat(appointment.status()).isEqualTo(status);
    }

    @Test
    void thePatientMovesItOnlyUntilTheDeadlineWhileOthersMayMoveItLater() {
        Appointment byPatient = paid(false);
        byPatient.reschedule(by(Actor.PATIENT), NEW_START, NEW_END, LOCATION, DEADLINE.minusSeconds(1)).from();
        assertThat(byPatient.start()).isEqualTo(NEW_START);

        Appointment tooLate = paid(false);
        assertThatThrownBy(() -> tooLate.reschedule(by(Actor.PATIENT), NEW_START, NEW_END, LOCATION, DEADLINE).from())
                .isInstanceOfSatisfying(MedbookException.class, e -> {
                    assertThat(e.kind()).isEqualTo(ProblemKind.RULE_BROKEN);
                    assertThat(e.slug()).isEqualTo("reschedule-window-closed");
                    assertThat(e.getMessage()).contains(DEADLINE.toString());
                });
        assertThat(tooLate.start()).isEqualTo(START);

        for (Actor by : EnumSet.of(Actor.DOCTOR, Actor.STAFF, Actor.SYSTEM)) {
            Appointment appointment = paid(false);
            appointment.reschedule(by(by), NEW_START, NEW_END, LOCATION, START.minusSeconds(1)).from();
            assertThat(appointment.start()).as(by.name()).isEqualTo(NEW_START);
        }
    }

    @Test
    void theGraceRunsFromTheBookingNotFromAMove() {
        Instant soon = NOW.plus(Duration.ofHours(3));
        Appointment appointment = booking().startingAt(soon).book();
        Instant moved = soon.plus(Duration.ofHours(1));

        appointment.reschedule(by(Actor.PATIENT), moved, moved.plus(Duration.ofMinutes(30)), null,
                NOW.plus(GRACE).minusSeconds(1)).from();

        assertThat(appointment.start()).isEqualTo(moved);
        assertThat(appointment.freeCancellationUntil()).isEqualTo(NOW.plus(GRACE));
    }

    @Test
    void aBookingThatHasStartedIsNotMoved() {
        Appointment appointment = paid(false);

        assertRefused(() -> appointment.reschedule(by(Actor.STAFF), NEW_START, NEW_END, LOCATION, START).from(),
                ProblemKind.RULE_BROKEN, "booking-started");
        assertThat(appointment.start()).isEqualTo(START);
    }

    @Test
    void aBookingIsNotMovedIntoThePast() {
        Appointment appointment = paid(false);
        Instant now = NOW.plus(Duration.ofHours(1));

        assertRefused(() -> appointment.reschedule(by(Actor.DOCTOR), now, now.plusSeconds(1800), LOCATION, now).from(),
                ProblemKind.RULE_BROKEN, "booking-in-the-past");
        assertThat(appointment.start()).isEqualTo(START);
    }

    // ---------------------------------------------------------------- completion and no-show

    @Test
    void aConfirmedVisitIsCompletedOrMarkedNoShowOnceItHasStarted() {
        Appointment completed = in(AppointmentStatus.CONFIRMED);
        Appointment noShow = paid(false);

        completed.attended(true, START);
        noShow.attended(false, END);

        assertThat(completed.status()).isEqualTo(AppointmentStatus.COMPLETED);
        assertThat(noShow.status()).isEqualTo(AppointmentStatus.NO_SHOW);
    }

    @Test
    void aVisitIsNotCompletedBeforeItStarts() {
        for (boolean showedUp : new boolean[] {true, false}) {
            Appointment appointment = in(AppointmentStatus.CONFIRMED);

            assertRefused(() -> appointment.attended(showedUp, START.minusSeconds(1)), ProblemKind.RULE_BROKEN,
                    "booking-not-started");
            assertThat(appointment.status()).isEqualTo(AppointmentStatus.CONFIRMED);
        }
    }

    @ParameterizedTest
    @EnumSource(value = AppointmentStatus.class, mode = EnumSource.Mode.EXCLUDE, names = "CONFIRMED")
    void onlyAConfirmedVisitIsCompletedOrMarkedNoShow(AppointmentStatus status) {
        for (boolean showedUp : new boolean[] {true, false}) {
            Appointment appointment = in(status);

            assertRefused(() -> appointment.attended(showedUp, END), ProblemKind.CONFLICT, "booking-state");
            assertThat(appointment.status()).isEqualTo(status);
        }
    }

    @Test
    void theFixtureReachesEveryStateThroughTheAggregatesOwnTransitions() {
        for (AppointmentStatus status : AppointmentStatus.values()) {
            assertThat(in(status).status()).isEqualTo(status);
            assertThat(in(status).status().active()).isEqualTo(ACTIVE.contains(status));
        }
    }

    // ---- the events each change returns ------------------------------------------------------------

    @Test
    void aCancellationReturnsItsRefundRequestAndTheCancellationAndStaffAlsoTheirAction() {
        Appointment byPatient = paid(false);
        Appointment byStaff = paid(false);

        Appointment.Cancellation patients = byPatient.cancel(by(Actor.PATIENT), "flu", DEADLINE.minusSeconds(1));
        Appointment.Cancellation staff = byStaff.cancel(by(Actor.STAFF), "clinic closed", NOW);

        assertThat(patients.events()).hasSize(2);
        PaymentEvents.RefundRequested refund = (PaymentEvents.RefundRequested) patients.events().get(0);
        assertThat(refund.bookingId()).isEqualTo(byPatient.id());
        assertThat(refund.amountMinor()).isEqualTo(4500).isEqualTo(patients.refundMinor());
        assertThat(refund.reason()).isEqualTo("cancelled by patient");
        assertThat(refund.actorId()).isEqualTo(by(Actor.PATIENT).userId());
        BookingEvents.AppointmentCancelled cancelled = (BookingEvents.AppointmentCancelled) patients.events().get(1);
        assertThat(cancelled.bookingId()).isEqualTo(byPatient.id());
        assertThat(cancelled.cancelledBy()).isEqualTo("PATIENT");
        assertThat(cancelled.reason()).isEqualTo("flu");
        assertThat(cancelled.refundMinor()).isEqualTo(4500);
        assertThat(cancelled.clientIp()).isEqualTo("203.0.113.7");
        assertThat(cancelled.occurredAt()).isEqualTo(DEADLINE.minusSeconds(1));

        assertThat(staff.events()).hasSize(3);
        BookingEvents.BookingManagedByStaff action = (BookingEvents.BookingManagedByStaff) staff.events().get(2);
        assertThat(action.what()).isEqualTo("cancel");
        assertThat(action.actorId()).isEqualTo(by(Actor.STAFF).userId());
        assertThat(action.bookingId()).isEqualTo(byStaff.id());
    }

    @Test
    void aDeclineReturnsItsRefundRequestAndTheDecline() {
        Appointment appointment = paid(true);

        Appointment.Cancellation declined = appointment.decline(by(Actor.DOCTOR), "on leave", NOW);

        assertThat(declined.events()).hasSize(2);
        assertThat(((PaymentEvents.RefundRequested) declined.events().get(0)).amountMinor()).isEqualTo(4500);
        BookingEvents.AppointmentDeclined event = (BookingEvents.AppointmentDeclined) declined.events().get(1);
        assertThat(event.reason()).isEqualTo("on leave");
        assertThat(event.refundMinor()).isEqualTo(4500);
        assertThat(event.actorId()).isEqualTo(by(Actor.DOCTOR).userId());
    }

    @Test
    void aMoveReturnsWhereTheBookingWasAndWentAndStaffAlsoTheirAction() {
        Appointment byDoctor = in(AppointmentStatus.CONFIRMED);
        Appointment byStaff = in(AppointmentStatus.CONFIRMED);

        Appointment.Move doctors = byDoctor.reschedule(by(Actor.DOCTOR), NEW_START, NEW_END, LOCATION, NOW);
        Appointment.Move staff = byStaff.reschedule(by(Actor.STAFF), NEW_START, NEW_END, LOCATION, NOW);

        assertThat(doctors.from()).isEqualTo(START);
        assertThat(doctors.events()).singleElement().isInstanceOfSatisfying(BookingEvents.AppointmentRescheduled.class,
                moved -> {
                    assertThat(moved.oldStart()).isEqualTo(START);
                    assertThat(moved.newStart()).isEqualTo(NEW_START);
                    assertThat(moved.actorId()).isEqualTo(by(Actor.DOCTOR).userId());
                });
        assertThat(staff.events()).hasSize(2);
        assertThat(((BookingEvents.BookingManagedByStaff) staff.events().get(1)).what()).isEqualTo("reschedule");
    }

    @Test
    void anApprovalReturnsTheConfirmationAndAttendanceReturnsWhatTheDoctorRecorded() {
        Appointment pending = in(AppointmentStatus.PENDING_APPROVAL);

        assertThat(pending.approve(NOW)).singleElement().isInstanceOfSatisfying(BookingEvents.AppointmentConfirmed.class,
                confirmed -> {
                    assertThat(confirmed.bookingId()).isEqualTo(pending.id());
                    assertThat(confirmed.start()).isEqualTo(START);
                });
        assertThat(in(AppointmentStatus.CONFIRMED).attended(false, END)).singleElement()
                .isInstanceOfSatisfying(BookingEvents.AppointmentAttended.class,
                        attended -> assertThat(attended.showedUp()).isFalse());
    }
}
