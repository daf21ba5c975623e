package org.medbook.payments.application;

import org.medbook.payments.PaymentMethod;
import org.medbook.payments.domain.Payment;
import org.medbook.payments.domain.PaymentRecords;
import org.medbook.shared.MedbookException;
import org.medbook.shared.ProblemKind;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Stripe webhooks, verified at the edge ({@link StripeWebhooks}); each event id is processed once, even
 * when delivered many times or concurrently. Nothing is taken from the event's payload but the ids:
 * the payment intent (with its latest charge for {@code charge.*} events, and the dispute for
 * {@code charge.dispute.*}) is re-read from Stripe, so events that arrive out of order are judged by
 * the current state and applied in the order Stripe did things: capture, then refunds and disputes.
 */
@Component
public class StripeWebhookHandler {

    private final StripeGateway stripe;
    private final PaymentRecords records;
    private final ProviderOutcomes outcomes;
    private final DisputeRecorder disputes;
    private final TransactionTemplate transaction;

    StripeWebhookHandler(StripeGateway stripe, PaymentRecords records, ProviderOutcomes outcomes,
            DisputeRecorder disputes, PlatformTransactionManager transactions) {
        this.stripe = stripe;
        this.records = records;
        this.outcomes = outcomes;
        this.disputes = disputes;
        this.transaction = new TransactionTemplate(transactions);
    }

    public void handle(StripeWebhooks.Event event) {
        String eventId = event.id();
        String type = event.type();
        // charge.* events (refunds, disputes) name their intent too: every event about a payment is judged by what
        // Stripe reports now, so one arriving before payment_intent.succeeded records the capture first, then itself.
        boolean aboutCharge = type.startsWith("charge.");
        String intentId = type.startsWith("payment_intent.") ? event.objectId()
                : aboutCharge ? event.paymentIntentId() : null;
        if (intentId == null) {
            transaction.executeWithoutResult(status -> records.firstDelivery("stripe", eventId, type));
            return;
        }
        // Read the current state outside the transaction: a network call holds no locks.
        StripeGateway.IntentWithCharge state = aboutCharge ? stripe.retrieveWithCharge(intentId)
                : new StripeGateway.IntentWithCharge(stripe.retrieve(intentId), null);
        StripeGateway.Intent intent = state.intent();
        StripeGateway.Dispute dispute = type.startsWith("charge.dispute.") && event.objectId() != null
                ? stripe.retrieveDispute(event.objectId()) : null;
        boolean impliesSuccess = type.equals("payment_intent.succeeded") || type.startsWith("charge.refund")
                || dispute != null;
        if (impliesSuccess && !intent.succeeded() && !intent.failedOrCanceled()) {
            // Stripe's read lags its own event: answer "retry", so Stripe delivers this event again later
            // instead of it being marked done with nothing applied.
            throw new MedbookException(ProblemKind.UNAVAILABLE, "provider-state-pending",
                    "The payment intent is still " + intent.status() + "; deliver the event again later");
        }
        transaction.executeWithoutResult(status -> {
            if (!records.firstDelivery("stripe", eventId, type)) {
                return;
            }
            outcomes.lock(PaymentMethod.STRIPE, intent.id()).ifPresent(payment -> apply(payment, state, dispute));
        });
    }

    /** What Stripe did, in its order: the capture (or failure) first, then the charge's refunds, then the dispute. */
    private void apply(Payment found, StripeGateway.IntentWithCharge state, StripeGateway.Dispute dispute) {
        StripeGateway.Intent intent = state.intent();
        if (intent.succeeded()) {
            outcomes.captured(found, intent.latestCharge());
        } else if (intent.failedOrCanceled()) {
            outcomes.failed(found, "stripe:" + intent.status());
        }
        // The row as the capture left it (still locked by this transaction).
        Payment payment = records.lockById(found.id()).orElseThrow();
        StripeGateway.Charge charge = state.latestCharge();
        if (charge != null && charge.amountRefunded() > 0) {
            outcomes.refunded(payment, charge.amountRefunded(), charge.id(), "stripe");
        }
        if (dispute != null) {
            disputes.record(payment, dispute.id(), dispute.status() == null ? "unknown" : dispute.status(),
                    dispute.reason(), dispute.amountMinor(),
                    dispute.currency() == null ? payment.amount().currency() : dispute.currency(),
                    dispute.evidenceDueBy());
        }
    }

}
