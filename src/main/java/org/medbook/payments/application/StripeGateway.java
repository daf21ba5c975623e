package org.medbook.payments.application;

import java.time.Instant;
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

    /** A charge as Stripe reports it now; {@code amountRefunded} is the running total of its refunds. */
    record Charge(String id, long amountRefunded) {
    }

    /** An intent with its latest charge (null while there is none). */
    record IntentWithCharge(Intent intent, Charge latestCharge) {
    }

    /** A dispute (chargeback) as Stripe reports it now. */
    record Dispute(String id, String status, String reason, long amountMinor, String currency, Instant evidenceDueBy) {
    }

    /** Idempotent per booking. */
    Intent createIntent(UUID bookingId, Money amount, String description);

    /** The intent's current state, whatever order events arrived in. */
    Intent retrieve(String intentId);

    /** The intent and its latest charge in one read, so refunds are judged by what Stripe did, in its order. */
    IntentWithCharge retrieveWithCharge(String intentId);

    Dispute retrieveDispute(String disputeId);

    /** Uploads a file with purpose dispute_evidence (Stripe's Files API); returns its file id. */
    String uploadEvidence(String filename, byte[] content);

    /**
     * Attaches evidence to a dispute (text and up to four uploaded files) and, with {@code submit},
     * submits it; Stripe answers the dispute as it stands after the update.
     */
    Dispute updateDispute(String disputeId, String text, java.util.List<String> fileIds, boolean submit);

    /** Accepts the dispute (Stripe's "close"): the payment is lost to the cardholder. */
    Dispute closeDispute(String disputeId);

    /** @return the refunded amount when Stripe reports the refund succeeded, otherwise 0 (it will follow by webhook) */
    long refund(String intentId, long amountMinor, String idempotencyKey);
}
