package org.medbook.payments.application;

import java.util.UUID;

import org.medbook.shared.Money;

/** Stripe's PaymentIntents and Refunds APIs. Failures surface as {@code payment-provider-unavailable}. */
public interface StripeGateway {

    record Intent(String id, String status, String clientSecret, String latestCharge) {

        public boolean succeeded() {
            return "succeeded".equals(status);
        }

        public boolean failedOrCanceled() {
            return "canceled".equals(status) || "requires_payment_method".equals(status);
        }
    }

    /** Idempotent per booking. */
    Intent createIntent(UUID bookingId, Money amount, String description);

    /** The intent's current state, whatever order events arrived in. */
    Intent retrieve(String intentId);

    /** @return the refunded amount when Stripe reports the refund succeeded, otherwise 0 (it will follow by webhook) */
    long refund(String intentId, long amountMinor, String idempotencyKey);
}
