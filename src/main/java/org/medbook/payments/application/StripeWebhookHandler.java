package org.medbook.payments.application;

import org.medbook.payments.PaymentMethod;
import org.medbook.payments.domain.Payment;
import org.medbook.payments.domain.PaymentRecords;
import org.medbook.payments.domain.StripeSignature;
import org.medbook.shared.MedbookException;
import org.medbook.shared.ProblemKind;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Stripe webhooks: signature and time window checked first; each event id is processed once, even
 * when delivered many times or concurrently. Nothing is taken from the event's payload but the ids:
 * the payment intent (with its latest charge for {@code charge.*} events, and the dispute for
 * {@code charge.dispute.*}) is re-read from Stripe, so events that arrive out of order are judged by
 * the current state and applied in the order Stripe did things: capture, then refunds and disputes.
 */
@Component
public class StripeWebhookHandler {

    private final PaymentsProperties.Stripe properties;
    private final StripeGateway stripe;
    private final PaymentRecords records;
    private final ProviderOutcomes outcomes;
    private final DisputeRecorder disputes;
    private final JsonMapper json;
    private final TransactionTemplate transaction;

    StripeWebhookHandler(PaymentsProperties properties, StripeGateway stripe, PaymentRecords records,
            ProviderOutcomes outcomes, DisputeRecorder disputes, JsonMapper json, PlatformTransactionManager transactions) {
        this.properties = properties.stripe();
        this.stripe = stripe;
        this.records = records;
        this.outcomes = outcomes;
        this.disputes = disputes;
        this.json = json;
        this.transaction = new TransactionTemplate(transactions);
    }

    public void handle(String payload, String signatureHeader) {
        if (!properties.enabled()) {
            throw new MedbookException(ProblemKind.NOT_FOUND, "not-found", "Stripe is not configured");
        }
        if (StripeSignature.verify(payload, signatureHeader, properties.webhookSecret(), outcomes.now(),
                properties.tolerance()) instanceof StripeSignature.Verdict.Invalid invalid) {
            throw new MedbookException(ProblemKind.BAD_INPUT, "invalid-signature", "Stripe signature refused: " + invalid.reason());
        }
        JsonNode event;
        try {
            event = json.readTree(payload);
        } catch (RuntimeException e) {
            throw MedbookException.badInput("malformed-request", "The event is not JSON");
        }
        String eventId = event.path("id").asString("");
        String type = event.path("type").asString("");
        JsonNode object = event.path("data").path("object");
        if (eventId.isEmpty() || type.isEmpty()) {
            throw MedbookException.badInput("malformed-request", "The event has no id or type");
        }
        // charge.* events (refunds, disputes) name their intent too: every event about a payment is judged by what
        // Stripe reports now, so one arriving before payment_intent.succeeded records the capture first, then itself.
        boolean aboutCharge = type.startsWith("charge.");
        String intentId = type.startsWith("payment_intent.") ? object.path("id").asString(null)
                : aboutCharge ? object.path("payment_intent").asString(null) : null;
        if (intentId == null) {
            transaction.executeWithoutResult(status -> records.firstDelivery("stripe", eventId, type));
            return;
        }
        // Read the current state outside the transaction: a network call holds no locks.
        StripeGateway.IntentWithCharge state = aboutCharge ? stripe.retrieveWithCharge(intentId)
                : new StripeGateway.IntentWithCharge(stripe.retrieve(intentId), null);
        StripeGateway.Intent intent = state.intent();
        StripeGateway.Dispute dispute = type.startsWith("charge.dispute.")
                ? stripe.retrieveDispute(object.path("id").asString()) : null;
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
