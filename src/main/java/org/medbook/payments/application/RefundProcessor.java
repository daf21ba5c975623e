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
 */
@Component
class RefundProcessor {

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
        long amount = Math.min(request.amountMinor(), payment.refundable());
        if (amount <= 0) {
            if (payment.cancelUnpaid()) {
                records.update(payment);
                records.record(payment, "CANCELLED", 0, null, request.reason());
            }
            return;
        }
        String key = "refund-" + request.eventId();
        records.record(payment, "REFUND_REQUESTED", amount, null, request.reason());
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

}
