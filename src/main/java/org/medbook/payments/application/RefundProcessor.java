package org.medbook.payments.application;

import org.medbook.payments.PaymentEvents;
import org.medbook.payments.domain.Payment;
import org.medbook.payments.domain.PaymentRecords;
import org.medbook.shared.Money;
import org.springframework.modulith.events.ApplicationModuleListener;
import org.springframework.stereotype.Component;

/**
 * Gives money back after the requesting transaction committed. The provider call carries an
 * idempotency key derived from the request's event id (for a back-office refund, itself derived from
 * the caller's {@code Idempotency-Key}), so when a failure makes the outbox deliver the request
 * again, the provider answers the first refund instead of making a second one.
 * <p>
 * The amount is reserved on the payment until the provider confirms it: a back-office request was
 * reserved when it was accepted (its ledger entry, under the same key, says so); a cancellation's or
 * a decline's is reserved here, bounded by what is left.
 */
@Component
class RefundProcessor {

    static final String REQUESTED = "REFUND_REQUESTED";

    private final PaymentRecords records;
    private final StripeGateway stripe;
    private final PaypalGateway paypal;
    private final ProviderOutcomes outcomes;
    private final PaymentMeters meters;

    RefundProcessor(PaymentRecords records, StripeGateway stripe, PaypalGateway paypal, ProviderOutcomes outcomes,
            PaymentMeters meters) {
        this.records = records;
        this.stripe = stripe;
        this.paypal = paypal;
        this.outcomes = outcomes;
        this.meters = meters;
    }

    @ApplicationModuleListener
    void on(PaymentEvents.RefundRequested request) {
        Payment payment = records.lockByBooking(request.bookingId()).orElse(null);
        if (payment == null) {
            return;
        }
        String key = keyOf(request);
        long amount;
        if (records.hasEntry(payment, REQUESTED, key)) {
            amount = Math.min(request.amountMinor(), payment.unrefunded());
        } else {
            amount = payment.reserveRefund(request.amountMinor());
            if (amount > 0) {
                records.record(payment, REQUESTED, amount, key, request.reason());
            }
        }
        if (amount <= 0) {
            if (payment.cancelUnpaid()) {
                records.update(payment);
                records.record(payment, "CANCELLED", 0, null, request.reason());
            }
            return;
        }
        long refunded;
        try {
            refunded = switch (payment.method()) {
                case STRIPE -> stripe.refund(payment.providerRef(), amount, key);
                case PAYPAL -> paypal.refund(payment.captureRef(), new Money(amount, payment.amount().currency()), key);
                case CASH -> amount;
            };
        } catch (RuntimeException e) {
            meters.refundFailed(payment.method());
            throw e;
        }
        if (refunded > 0) {
            outcomes.refunded(payment, payment.refundedMinor() + refunded, key, request.reason());
        } else {
            payment.refundRequested();
            records.update(payment);
        }
    }

    /** The provider's idempotency key of a request, and its ledger entry's reference. */
    static String keyOf(PaymentEvents.RefundRequested request) {
        return "refund-" + request.eventId();
    }

}
