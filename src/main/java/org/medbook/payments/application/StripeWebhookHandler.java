package org.medbook.payments.application;

import java.time.Instant;

import org.medbook.payments.PaymentMethod;
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
 * when delivered many times or concurrently; payment intents are re-read from Stripe so events that
 * arrive out of order are judged by the intent's current state.
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
        // Read the intent's current state outside the transaction: a network call holds no locks.
        StripeGateway.Intent intent = type.startsWith("payment_intent.") ? stripe.retrieve(object.path("id").asString()) : null;
        if (type.equals("payment_intent.succeeded") && intent != null && !intent.succeeded() && !intent.failedOrCanceled()) {
            // Stripe's read lags its own event: answer "retry", so Stripe delivers this event again later
            // instead of it being marked done with nothing applied.
            throw new MedbookException(ProblemKind.UNAVAILABLE, "provider-state-pending",
                    "The payment intent is still " + intent.status() + "; deliver the event again later");
        }
        transaction.executeWithoutResult(status -> {
            if (!records.firstDelivery("stripe", eventId, type)) {
                return;
            }
            if (intent != null) {
                outcomes.lock(PaymentMethod.STRIPE, intent.id()).ifPresent(payment -> {
                    if (intent.succeeded()) {
                        outcomes.captured(payment, intent.latestCharge());
                    } else if (intent.failedOrCanceled()) {
                        outcomes.failed(payment, "stripe:" + intent.status());
                    }
                });
            } else if (type.equals("charge.refunded") || type.equals("charge.refund.updated")) {
                String intentId = object.path("payment_intent").asString(null);
                if (intentId != null) {
                    outcomes.lock(PaymentMethod.STRIPE, intentId).ifPresent(payment -> outcomes.refunded(payment,
                            object.path("amount_refunded").asLong(0), object.path("id").asString(null), "stripe"));
                }
            } else if (type.startsWith("charge.dispute.")) {
                String intentId = object.path("payment_intent").asString(null);
                if (intentId != null) {
                    long due = object.path("evidence_details").path("due_by").asLong(0);
                    outcomes.lock(PaymentMethod.STRIPE, intentId).ifPresent(payment -> disputes.record(payment,
                            object.path("id").asString(), object.path("status").asString("unknown"),
                            object.path("reason").asString(null), object.path("amount").asLong(0),
                            object.path("currency").asString(payment.amount().currency()).toUpperCase(java.util.Locale.ROOT),
                            due == 0 ? null : Instant.ofEpochSecond(due)));
                }
            }
        });
    }

}
