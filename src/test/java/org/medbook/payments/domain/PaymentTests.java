package org.medbook.payments.domain;

import java.time.Instant;
import java.util.EnumSet;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.medbook.payments.PaymentEvents.CashSettled;
import org.medbook.payments.PaymentEvents.PaymentFailed;
import org.medbook.payments.PaymentEvents.PaymentRefunded;
import org.medbook.payments.PaymentEvents.PaymentSucceeded;
import org.medbook.payments.PaymentEvents.RefundRequested;
import org.medbook.payments.PaymentMethod;
import org.medbook.payments.PaymentStatus;
import org.medbook.payments.Payments;
import org.medbook.shared.MedbookException;
import org.medbook.shared.Money;
import org.medbook.shared.ProblemKind;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PaymentTests {

    private static final Instant NOW = Instant.parse("2026-03-02T09:00:00Z");
    private static final Money AMOUNT = new Money(4500, "EUR");
    private static final UUID BOOKING = UUID.fromString("00000000-0000-0000-0000-0000000000b1");
    private static final UUID PATIENT = UUID.fromString("00000000-0000-0000-0000-00000000000a");
    private static final UUID DOCTOR = UUID.fromString("00000000-0000-0000-0000-00000000000d");

    private static final Instant LATER = NOW.plusSeconds(600);

    private static Payment open(PaymentMethod method) {
        return Payment.open(new Payments.StartPayment(BOOKING, PATIENT, DOCTOR, method, AMOUNT, "Video visit"), NOW);
    }

    private static Payment online() {
        return open(PaymentMethod.STRIPE);
    }

    private static Payment cash() {
        return open(PaymentMethod.CASH);
    }

    private static Payment in(PaymentStatus status, PaymentMethod method, long refundedMinor) {
        return new Payment(UUID.randomUUID(), BOOKING, PATIENT, DOCTOR, method, AMOUNT, status, refundedMinor, 0, "pi_1",
                null, null, null, NOW, 2);
    }

    private static Payment in(PaymentStatus status) {
        return in(status, PaymentMethod.STRIPE, 0);
    }

    private static Payment capturedOnline() {
        Payment payment = online();
        payment.capture("ch_1", NOW);
        return payment;
    }

    // ---------------------------------------------------------------- opening

    @Test
    void anOnlinePaymentStartsPendingWithNothingAtTheProviderYet() {
        for (PaymentMethod method : EnumSet.of(PaymentMethod.STRIPE, PaymentMethod.PAYPAL)) {
            Payment payment = open(method);

            assertThat(payment.status()).isEqualTo(PaymentStatus.PENDING);
            assertThat(payment.id()).isNotNull();
            assertThat(payment.bookingId()).isEqualTo(BOOKING);
            assertThat(payment.patientId()).isEqualTo(PATIENT);
            assertThat(payment.doctorId()).isEqualTo(DOCTOR);
            assertThat(payment.method()).isEqualTo(method);
            assertThat(payment.amount()).isEqualTo(AMOUNT);
            assertThat(payment.refundedMinor()).isZero();
            assertThat(payment.providerRef()).isNull();
            assertThat(payment.captureRef()).isNull();
            assertThat(payment.clientSecret()).isNull();
            assertThat(payment.approvalUrl()).isNull();
            assertThat(payment.createdAt()).isEqualTo(NOW);
            assertThat(payment.version()).isZero();
        }
    }

    @Test
    void aStoredPaymentIsRebuiltAsItWasSaved() {
        UUID id = UUID.randomUUID();
        Payment payment = new Payment(id, BOOKING, PATIENT, DOCTOR, PaymentMethod.PAYPAL, AMOUNT,
                PaymentStatus.PARTIALLY_REFUNDED, 1000, 0, "ORDER-1", "CAPTURE-1", null, "https://paypal.example/approve",
                NOW, 5);

        assertThat(payment.id()).isEqualTo(id);
        assertThat(payment.status()).isEqualTo(PaymentStatus.PARTIALLY_REFUNDED);
        assertThat(payment.refundedMinor()).isEqualTo(1000);
        assertThat(payment.providerRef()).isEqualTo("ORDER-1");
        assertThat(payment.captureRef()).isEqualTo("CAPTURE-1");
        assertThat(payment.approvalUrl()).isEqualTo("https://paypal.example/approve");
        assertThat(payment.version()).isEqualTo(5);
    }

    @Test
    void aCashPaymentIsDueAtTheVisit() {
        assertThat(cash().status()).isEqualTo(PaymentStatus.DUE);
    }

    @Test
    void theProvidersReferencesAreKeptOnceItAcceptedTheStart() {
        Payment payment = online();

        payment.startedAtProvider("ORDER-1", "pi_1_secret", "https://paypal.example/approve/ORDER-1");

        assertThat(payment.providerRef()).isEqualTo("ORDER-1");
        assertThat(payment.clientSecret()).isEqualTo("pi_1_secret");
        assertThat(payment.approvalUrl()).isEqualTo("https://paypal.example/approve/ORDER-1");
        assertThat(payment.status()).isEqualTo(PaymentStatus.PENDING);
    }

    // ---------------------------------------------------------------- capture

    @Test
    void aPendingPaymentIsCaptured() {
        Payment payment = online();

        PaymentSucceeded captured = payment.capture("ch_1", LATER).orElseThrow();

        assertThat(captured.eventId()).isNotNull();
        assertThat(captured).isEqualTo(new PaymentSucceeded(captured.eventId(), LATER, payment.id(), BOOKING, 4500, "EUR"));
        assertThat(payment.status()).isEqualTo(PaymentStatus.CAPTURED);
        assertThat(payment.captureRef()).isEqualTo("ch_1");
        assertThat(payment.refundable()).isEqualTo(4500);
    }

    @Test
    void anAuthorizedOrFailedPaymentCanStillBeCaptured() {
        for (PaymentStatus status : EnumSet.of(PaymentStatus.AUTHORIZED, PaymentStatus.FAILED)) {
            Payment payment = in(status);

            assertThat(payment.capture("ch_2", LATER)).get().extracting(PaymentSucceeded::paymentId)
                    .isEqualTo(payment.id());
            assertThat(payment.status()).isEqualTo(PaymentStatus.CAPTURED);
            assertThat(payment.captureRef()).isEqualTo("ch_2");
        }
    }

    @Test
    void moneyArrivingForACancelledBookingIsRecordedSoItCanBeRefunded() {
        Payment payment = online();
        payment.cancelUnpaid();

        assertThat(payment.capture("ch_late", LATER)).isPresent();
        assertThat(payment.status()).isEqualTo(PaymentStatus.CAPTURED);
        assertThat(payment.refundable()).isEqualTo(4500);
    }

    @Test
    void aRepeatedCaptureChangesNothing() {
        Payment payment = capturedOnline();

        assertThat(payment.capture("ch_other", LATER)).isEmpty();
        assertThat(payment.captureRef()).isEqualTo("ch_1");
    }

    @Test
    void aCaptureReportedAfterARefundChangesNothing() {
        for (PaymentStatus status : EnumSet.of(PaymentStatus.REFUND_PENDING, PaymentStatus.REFUNDED,
                PaymentStatus.PARTIALLY_REFUNDED)) {
            Payment payment = in(status);

            assertThat(payment.capture("ch_late", LATER)).isEmpty();
            assertThat(payment.status()).isEqualTo(status);
            assertThat(payment.captureRef()).isNull();
        }
    }

    @Test
    void aCashPaymentIsNeverCaptured() {
        for (PaymentStatus status : EnumSet.of(PaymentStatus.DUE, PaymentStatus.PAID, PaymentStatus.WAIVED)) {
            Payment payment = in(status, PaymentMethod.CASH, 0);

            assertThatThrownBy(() -> payment.capture("ch_1", LATER)).isInstanceOfSatisfying(MedbookException.class, e -> {
                assertThat(e.kind()).isEqualTo(ProblemKind.CONFLICT);
                assertThat(e.slug()).isEqualTo("payment-state");
                assertThat(e.getMessage()).contains(status.name());
            });
            assertThat(payment.status()).isEqualTo(status);
        }
    }

    // ---------------------------------------------------------------- failure

    @Test
    void aPendingPaymentFails() {
        Payment payment = online();

        PaymentFailed failed = payment.fail("stripe:canceled", LATER).orElseThrow();

        assertThat(failed).isEqualTo(new PaymentFailed(failed.eventId(), LATER, payment.id(), BOOKING, "stripe:canceled"));
        assertThat(failed.eventId()).isNotNull();
        assertThat(payment.status()).isEqualTo(PaymentStatus.FAILED);
        assertThat(payment.refundable()).isZero();
    }

    @Test
    void aFailureReportedLateOrTwiceChangesNothing() {
        Payment captured = capturedOnline();
        Payment failed = in(PaymentStatus.FAILED);

        assertThat(captured.fail("late", LATER)).isEmpty();
        assertThat(captured.status()).isEqualTo(PaymentStatus.CAPTURED);
        assertThat(failed.fail("twice", LATER)).isEmpty();
        assertThat(failed.status()).isEqualTo(PaymentStatus.FAILED);
    }

    // ---------------------------------------------------------------- refunds

    @Test
    void onlyCapturedMoneyIsRefundable() {
        for (PaymentStatus status : PaymentStatus.values()) {
            long expected = switch (status) {
                case CAPTURED, PARTIALLY_REFUNDED, REFUND_PENDING -> 4500 - 1000;
                default -> 0;
            };
            assertThat(in(status, PaymentMethod.STRIPE, 1000).refundable()).as(status.name()).isEqualTo(expected);
        }
    }

    @Test
    void theBackOfficeAsksForWhatIsLeftOrForPartOfIt() {
        UUID request = UUID.randomUUID();
        UUID staff = UUID.randomUUID();

        RefundRequested whole = in(PaymentStatus.PARTIALLY_REFUNDED, PaymentMethod.STRIPE, 1000)
                .requestRefund(request, null, "goodwill", staff, LATER);
        Payment payment = in(PaymentStatus.PARTIALLY_REFUNDED, PaymentMethod.STRIPE, 1000);
        RefundRequested part = payment.requestRefund(request, 3499L, "goodwill", staff, LATER);

        assertThat(whole).isEqualTo(new RefundRequested(request, LATER, BOOKING, 3500, "goodwill", staff));
        assertThat(part.amountMinor()).isEqualTo(3499);
        assertThat(payment.requestRefund(request, 1L, "goodwill", staff, LATER).amountMinor()).isEqualTo(1);
        assertThat(payment.status()).as("the provider's answer changes the payment, not the request")
                .isEqualTo(PaymentStatus.PARTIALLY_REFUNDED);
    }

    @Test
    void aSecondRequestBeforeTheProviderConfirmsTheFirstCanOnlyAskForWhatIsReallyLeft() {
        Payment payment = capturedOnline();
        payment.requestRefund(UUID.randomUUID(), 3000L, "goodwill", PATIENT, LATER);
        payment.refundRequested();

        assertThat(payment.refundPendingMinor()).isEqualTo(3000);
        assertThat(payment.refundable()).isEqualTo(1500);
        assertThat(payment.unrefunded()).as("nothing is confirmed yet").isEqualTo(4500);
        assertThatThrownBy(() -> payment.requestRefund(UUID.randomUUID(), 1501L, "again", PATIENT, LATER))
                .isInstanceOfSatisfying(MedbookException.class, e -> {
                    assertThat(e.slug()).isEqualTo("refund-not-possible");
                    assertThat(e.getMessage()).isEqualTo("At most 1500 (minor units) can be refunded from this payment"
                            + " (3000 more is already being refunded and not yet confirmed)");
                });
        assertThat(payment.requestRefund(UUID.randomUUID(), null, "the rest", PATIENT, LATER).amountMinor())
                .isEqualTo(1500);
        assertThatThrownBy(() -> payment.requestRefund(UUID.randomUUID(), null, "again", PATIENT, LATER))
                .isInstanceOfSatisfying(MedbookException.class, e -> assertThat(e.getMessage())
                        .startsWith("At most 0 (minor units)"));
    }

    @Test
    void theProvidersConfirmationReleasesWhatWasReserved() {
        Payment payment = capturedOnline();
        payment.requestRefund(UUID.randomUUID(), 3000L, "goodwill", PATIENT, LATER);
        payment.refundRequested();

        payment.recordRefunds(1000, "goodwill", LATER).orElseThrow();
        assertThat(payment.refundPendingMinor()).isEqualTo(2000);
        assertThat(payment.refundable()).isEqualTo(1500);

        payment.recordRefunds(3000, "goodwill", LATER).orElseThrow();
        assertThat(payment.refundPendingMinor()).isZero();
        assertThat(payment.refundedMinor()).isEqualTo(3000);
        assertThat(payment.refundable()).isEqualTo(1500);

        payment.recordRefunds(4500, "refunded at the provider's dashboard", LATER).orElseThrow();
        assertThat(payment.refundPendingMinor()).as("never below nothing").isZero();
        assertThat(payment.refundable()).isZero();
    }

    @Test
    void eachConfirmationReleasesOnlyWhatItAddsToTheRunningTotal() {
        Payment payment = capturedOnline();
        payment.requestRefund(UUID.randomUUID(), 3000L, "goodwill", PATIENT, LATER);
        payment.refundRequested();

        payment.recordRefunds(1000, "goodwill", LATER).orElseThrow();
        // the provider's total grows from 1000 to 2500: 1500 more is confirmed, 500 is still on its way
        assertThat(payment.recordRefunds(2500, "goodwill", LATER).orElseThrow().amountMinor()).isEqualTo(1500);
        assertThat(payment.refundPendingMinor()).isEqualTo(500);
        assertThat(payment.refundable()).isEqualTo(1500);
    }

    @Test
    void aRefundAskedElsewhereIsReservedUpToWhatIsLeft() {
        Payment payment = capturedOnline();
        payment.requestRefund(UUID.randomUUID(), 4000L, "goodwill", PATIENT, LATER);

        assertThat(payment.reserveRefund(4500)).as("a cancellation's full refund after a pending goodwill one")
                .isEqualTo(500);
        assertThat(payment.reserveRefund(100)).isZero();
        assertThat(payment.refundPendingMinor()).isEqualTo(4500);
        assertThat(online().reserveRefund(4500)).as("nothing captured").isZero();
    }

    @Test
    void aRefundOfMoreThanIsLeftOrOfNothingIsRefused() {
        Payment captured = in(PaymentStatus.CAPTURED, PaymentMethod.STRIPE, 1000);
        for (Long amount : new Long[] {3501L, 0L, -1L}) {
            assertThatThrownBy(() -> captured.requestRefund(UUID.randomUUID(), amount, "x", PATIENT, LATER))
                    .as(String.valueOf(amount)).isInstanceOfSatisfying(MedbookException.class, e -> {
                        assertThat(e.kind()).isEqualTo(ProblemKind.RULE_BROKEN);
                        assertThat(e.slug()).isEqualTo("refund-not-possible");
                        assertThat(e.getMessage()).isEqualTo("At most 3500 (minor units) can be refunded from this payment");
                    });
        }
        for (PaymentStatus status : EnumSet.complementOf(EnumSet.of(PaymentStatus.CAPTURED,
                PaymentStatus.PARTIALLY_REFUNDED, PaymentStatus.REFUND_PENDING))) {
            Payment nothingLeft = in(status);

            assertThatThrownBy(() -> nothingLeft.requestRefund(UUID.randomUUID(), null, "x", PATIENT, LATER))
                    .as(status.name()).isInstanceOfSatisfying(MedbookException.class,
                            e -> assertThat(e.slug()).isEqualTo("refund-not-possible"));
        }
    }

    @Test
    void aRefundRequestOnCapturedMoneyWaitsForTheProvider() {
        Payment payment = capturedOnline();

        payment.refundRequested();

        assertThat(payment.status()).isEqualTo(PaymentStatus.REFUND_PENDING);
        assertThat(payment.refundable()).isEqualTo(4500);
    }

    @Test
    void aRefundRequestWithNothingToRefundChangesNothing() {
        Payment pending = online();
        Payment fullyRefunded = in(PaymentStatus.CAPTURED, PaymentMethod.STRIPE, 4500);

        pending.refundRequested();
        fullyRefunded.refundRequested();

        assertThat(pending.status()).isEqualTo(PaymentStatus.PENDING);
        assertThat(fullyRefunded.status()).isEqualTo(PaymentStatus.CAPTURED);
    }

    @Test
    void aPartialRefundLeavesTheRestRefundable() {
        Payment payment = capturedOnline();
        payment.refundRequested();

        PaymentRefunded refunded = payment.recordRefunds(1500, "flu", LATER).orElseThrow();

        assertThat(refunded).isEqualTo(new PaymentRefunded(refunded.eventId(), LATER, payment.id(), BOOKING, PATIENT,
                1500, "EUR", "flu"));
        assertThat(payment.status()).isEqualTo(PaymentStatus.PARTIALLY_REFUNDED);
        assertThat(payment.refundedMinor()).isEqualTo(1500);
        assertThat(payment.refundable()).isEqualTo(3000);
    }

    @Test
    void refundingTheWholeAmountEndsInRefunded() {
        Payment payment = capturedOnline();
        payment.recordRefunds(1500, "first", NOW);

        assertThat(payment.recordRefunds(4500, "rest", LATER)).get().extracting(PaymentRefunded::amountMinor)
                .as("only what is new in the running total").isEqualTo(3000L);

        assertThat(payment.status()).isEqualTo(PaymentStatus.REFUNDED);
        assertThat(payment.refundedMinor()).isEqualTo(4500);
        assertThat(payment.refundable()).isZero();
    }

    @Test
    void aRefundTotalAboveTheAmountCountsAsTheWholeAmount() {
        Payment payment = capturedOnline();

        assertThat(payment.recordRefunds(9000, "stripe", LATER)).get().extracting(PaymentRefunded::amountMinor)
                .isEqualTo(4500L);

        assertThat(payment.refundedMinor()).isEqualTo(4500);
        assertThat(payment.status()).isEqualTo(PaymentStatus.REFUNDED);
    }

    @Test
    void aRepeatedOrOlderRefundReportChangesNothing() {
        Payment payment = capturedOnline();
        payment.recordRefunds(1500, "stripe", NOW);

        assertThat(payment.recordRefunds(1500, "stripe", LATER)).isEmpty();
        assertThat(payment.recordRefunds(1000, "stripe", LATER)).isEmpty();

        assertThat(payment.refundedMinor()).isEqualTo(1500);
        assertThat(payment.status()).isEqualTo(PaymentStatus.PARTIALLY_REFUNDED);
    }

    @Test
    void theSmallestRefundIsStillARefund() {
        Payment payment = capturedOnline();

        assertThat(payment.recordRefunds(1, "stripe", LATER)).get().extracting(PaymentRefunded::amountMinor)
                .isEqualTo(1L);
        assertThat(payment.status()).isEqualTo(PaymentStatus.PARTIALLY_REFUNDED);
        assertThat(payment.refundedMinor()).isEqualTo(1);
    }

    // ---------------------------------------------------------------- cancellation and cash

    @Test
    void anUnpaidPaymentIsCancelledWithTheBooking() {
        for (Payment payment : new Payment[] {online(), cash(), in(PaymentStatus.FAILED)}) {
            assertThat(payment.cancelUnpaid()).isTrue();
            assertThat(payment.status()).isEqualTo(PaymentStatus.CANCELLED);
        }
    }

    @Test
    void paidOrAlreadyCancelledPaymentsAreNotCancelledAsUnpaid() {
        for (PaymentStatus status : EnumSet.of(PaymentStatus.AUTHORIZED, PaymentStatus.CAPTURED, PaymentStatus.PAID,
                PaymentStatus.WAIVED, PaymentStatus.REFUND_PENDING, PaymentStatus.REFUNDED,
                PaymentStatus.PARTIALLY_REFUNDED, PaymentStatus.CANCELLED)) {
            Payment payment = in(status);

            assertThat(payment.cancelUnpaid()).as(status.name()).isFalse();
            assertThat(payment.status()).isEqualTo(status);
        }
    }

    @Test
    void cashIsSettledAsPaidOrWaived() {
        Payment paid = cash();
        Payment waived = cash();

        CashSettled paidAtTheVisit = paid.settleCash(false, LATER);
        CashSettled neverPaid = waived.settleCash(true, LATER);

        assertThat(paidAtTheVisit).isEqualTo(new CashSettled(paidAtTheVisit.eventId(), LATER, paid.id(), BOOKING, 4500,
                "EUR", false));
        assertThat(neverPaid).isEqualTo(new CashSettled(neverPaid.eventId(), LATER, waived.id(), BOOKING, 4500, "EUR",
                true));
        assertThat(paid.status()).isEqualTo(PaymentStatus.PAID);
        assertThat(waived.status()).isEqualTo(PaymentStatus.WAIVED);
    }

    @Test
    void onlyCashThatIsStillDueIsSettled() {
        Payment paid = cash();
        paid.settleCash(false, NOW);

        assertThatThrownBy(() -> paid.settleCash(true, LATER)).isInstanceOfSatisfying(MedbookException.class, e -> {
            assertThat(e.kind()).isEqualTo(ProblemKind.CONFLICT);
            assertThat(e.slug()).isEqualTo("payment-state");
            assertThat(e.getMessage()).contains("PAID");
        });
        assertThat(paid.status()).isEqualTo(PaymentStatus.PAID);
    }

    @Test
    void anOnlinePaymentIsNotSettledByHand() {
        Payment payment = online();

        assertThatThrownBy(() -> payment.settleCash(false, LATER)).isInstanceOfSatisfying(MedbookException.class, e -> {
            assertThat(e.kind()).isEqualTo(ProblemKind.RULE_BROKEN);
            assertThat(e.slug()).isEqualTo("not-cash");
        });
        assertThat(payment.status()).isEqualTo(PaymentStatus.PENDING);
    }
}
