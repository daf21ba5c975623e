package org.medbook.payments.domain;

import java.time.Instant;
import java.util.EnumSet;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.medbook.payments.PaymentMethod;
import org.medbook.payments.PaymentStatus;
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

    private static Payment online() {
        return Payment.open(BOOKING, PATIENT, DOCTOR, PaymentMethod.STRIPE, AMOUNT, NOW);
    }

    private static Payment cash() {
        return Payment.open(BOOKING, PATIENT, DOCTOR, PaymentMethod.CASH, AMOUNT, NOW);
    }

    private static Payment in(PaymentStatus status, PaymentMethod method, long refundedMinor) {
        return new Payment(UUID.randomUUID(), BOOKING, PATIENT, DOCTOR, method, AMOUNT, status, refundedMinor, "pi_1",
                null, null, null, NOW, 2);
    }

    private static Payment in(PaymentStatus status) {
        return in(status, PaymentMethod.STRIPE, 0);
    }

    private static Payment capturedOnline() {
        Payment payment = online();
        payment.captured("ch_1");
        return payment;
    }

    // ---------------------------------------------------------------- opening

    @Test
    void anOnlinePaymentStartsPendingWithNothingAtTheProviderYet() {
        for (PaymentMethod method : EnumSet.of(PaymentMethod.STRIPE, PaymentMethod.PAYPAL)) {
            Payment payment = Payment.open(BOOKING, PATIENT, DOCTOR, method, AMOUNT, NOW);

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
                PaymentStatus.PARTIALLY_REFUNDED, 1000, "ORDER-1", "CAPTURE-1", null, "https://paypal.example/approve",
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

        assertThat(payment.captured("ch_1")).isTrue();
        assertThat(payment.status()).isEqualTo(PaymentStatus.CAPTURED);
        assertThat(payment.captureRef()).isEqualTo("ch_1");
        assertThat(payment.refundable()).isEqualTo(4500);
    }

    @Test
    void anAuthorizedOrFailedPaymentCanStillBeCaptured() {
        for (PaymentStatus status : EnumSet.of(PaymentStatus.AUTHORIZED, PaymentStatus.FAILED)) {
            Payment payment = in(status);

            assertThat(payment.captured("ch_2")).isTrue();
            assertThat(payment.status()).isEqualTo(PaymentStatus.CAPTURED);
            assertThat(payment.captureRef()).isEqualTo("ch_2");
        }
    }

    @Test
    void moneyArrivingForACancelledBookingIsRecordedSoItCanBeRefunded() {
        Payment payment = online();
        payment.cancelUnpaid();

        assertThat(payment.captured("ch_late")).isTrue();
        assertThat(payment.status()).isEqualTo(PaymentStatus.CAPTURED);
        assertThat(payment.refundable()).isEqualTo(4500);
    }

    @Test
    void aRepeatedCaptureChangesNothing() {
        Payment payment = capturedOnline();

        assertThat(payment.captured("ch_other")).isFalse();
        assertThat(payment.captureRef()).isEqualTo("ch_1");
    }

    @Test
    void aCaptureReportedAfterARefundChangesNothing() {
        for (PaymentStatus status : EnumSet.of(PaymentStatus.REFUND_PENDING, PaymentStatus.REFUNDED,
                PaymentStatus.PARTIALLY_REFUNDED)) {
            Payment payment = in(status);

            assertThat(payment.captured("ch_late")).isFalse();
            assertThat(payment.status()).isEqualTo(status);
            assertThat(payment.captureRef()).isNull();
        }
    }

    @Test
    void aCashPaymentIsNeverCaptured() {
        for (PaymentStatus status : EnumSet.of(PaymentStatus.DUE, PaymentStatus.PAID, PaymentStatus.WAIVED)) {
            Payment payment = in(status, PaymentMethod.CASH, 0);

            assertThatThrownBy(() -> payment.captured("ch_1")).isInstanceOfSatisfying(MedbookException.class, e -> {
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

        assertThat(payment.failed()).isTrue();
        assertThat(payment.status()).isEqualTo(PaymentStatus.FAILED);
        assertThat(payment.refundable()).isZero();
    }

    @Test
    void aFailureReportedLateOrTwiceChangesNothing() {
        Payment captured = capturedOnline();
        Payment failed = in(PaymentStatus.FAILED);

        assertThat(captured.failed()).isFalse();
        assertThat(captured.status()).isEqualTo(PaymentStatus.CAPTURED);
        assertThat(failed.failed()).isFalse();
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

        assertThat(payment.refunded(1500)).isTrue();

        assertThat(payment.status()).isEqualTo(PaymentStatus.PARTIALLY_REFUNDED);
        assertThat(payment.refundedMinor()).isEqualTo(1500);
        assertThat(payment.refundable()).isEqualTo(3000);
    }

    @Test
    void refundingTheWholeAmountEndsInRefunded() {
        Payment payment = capturedOnline();
        payment.refunded(1500);

        assertThat(payment.refunded(4500)).isTrue();

        assertThat(payment.status()).isEqualTo(PaymentStatus.REFUNDED);
        assertThat(payment.refundedMinor()).isEqualTo(4500);
        assertThat(payment.refundable()).isZero();
    }

    @Test
    void aRefundTotalAboveTheAmountCountsAsTheWholeAmount() {
        Payment payment = capturedOnline();

        assertThat(payment.refunded(9000)).isTrue();

        assertThat(payment.refundedMinor()).isEqualTo(4500);
        assertThat(payment.status()).isEqualTo(PaymentStatus.REFUNDED);
    }

    @Test
    void aRepeatedOrOlderRefundReportChangesNothing() {
        Payment payment = capturedOnline();
        payment.refunded(1500);

        assertThat(payment.refunded(1500)).isFalse();
        assertThat(payment.refunded(1000)).isFalse();

        assertThat(payment.refundedMinor()).isEqualTo(1500);
        assertThat(payment.status()).isEqualTo(PaymentStatus.PARTIALLY_REFUNDED);
    }

    @Test
    void theSmallestRefundIsStillARefund() {
        Payment payment = capturedOnline();

        assertThat(payment.refunded(1)).isTrue();
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

        paid.settleCash(false);
        waived.settleCash(true);

        assertThat(paid.status()).isEqualTo(PaymentStatus.PAID);
        assertThat(waived.status()).isEqualTo(PaymentStatus.WAIVED);
    }

    @Test
    void onlyCashThatIsStillDueIsSettled() {
        Payment paid = cash();
        paid.settleCash(false);

        assertThatThrownBy(() -> paid.settleCash(true)).isInstanceOfSatisfying(MedbookException.class, e -> {
            assertThat(e.kind()).isEqualTo(ProblemKind.CONFLICT);
            assertThat(e.slug()).isEqualTo("payment-state");
            assertThat(e.getMessage()).contains("PAID");
        });
        assertThat(paid.status()).isEqualTo(PaymentStatus.PAID);
    }

    @Test
    void anOnlinePaymentIsNotSettledByHand() {
        Payment payment = online();

        assertThatThrownBy(() -> payment.settleCash(false)).isInstanceOfSatisfying(MedbookException.class, e -> {
            assertThat(e.kind()).isEqualTo(ProblemKind.RULE_BROKEN);
            assertThat(e.slug()).isEqualTo("not-cash");
        });
        assertThat(payment.status()).isEqualTo(PaymentStatus.PENDING);
    }
}
