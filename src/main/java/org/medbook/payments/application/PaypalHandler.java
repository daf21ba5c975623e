package org.medbook.payments.application;

import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.medbook.payments.PaymentMethod;
import org.medbook.payments.PaymentStatus;
import org.medbook.payments.PaymentView;
import org.medbook.payments.domain.Payment;
import org.medbook.payments.domain.PaymentRecords;
import org.medbook.shared.MedbookException;
import org.medbook.shared.ProblemKind;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * PayPal: the capture after the patient approved the order, and webhooks verified by PayPal's
 * verify-webhook-signature API and processed once per event id.
 */
@Component
public class PaypalHandler {

    private final PaypalGateway paypal;
    private final PaymentRecords records;
    private final ProviderOutcomes outcomes;
    private final DisputeRecorder disputes;
    private final PaymentsProperties properties;
    private final JsonMapper json;
    private final TransactionTemplate transaction;

    PaypalHandler(PaypalGateway paypal, PaymentRecords records, ProviderOutcomes outcomes, DisputeRecorder disputes,
            PaymentsProperties properties, JsonMapper json, PlatformTransactionManager transactions) {
        this.paypal = paypal;
        this.records = records;
        this.outcomes = outcomes;
        this.disputes = disputes;
        this.properties = properties;
        this.json = json;
        this.transaction = new TransactionTemplate(transactions);
    }

    /** The patient approved the order at PayPal; take the money. Repeating it is harmless. */
    public PaymentView capture(UUID bookingId, UUID patientId) {
        Payment payment = records.byBooking(bookingId).filter(p -> p.patientId().equals(patientId))
                .filter(p -> p.method() == PaymentMethod.PAYPAL)
                .orElseThrow(() -> MedbookException.notFound("PayPal payment"));
        if (payment.status() == PaymentStatus.CAPTURED) {
            return PaymentViews.of(payment);
        }
        if (payment.providerRef() == null || payment.status() != PaymentStatus.PENDING) {
            throw new MedbookException(ProblemKind.CONFLICT, "payment-state", "The payment is " + payment.status());
        }
        PaypalGateway.Capture capture = paypal.capture(payment.providerRef(), "capture-" + bookingId);
        if (!capture.completed()) {
            throw new MedbookException(ProblemKind.RULE_BROKEN, "payment-declined",
                    "PayPal did not complete the capture (" + capture.status() + ")");
        }
        return transaction.execute(status -> {
            Payment locked = records.lockByBooking(bookingId).orElseThrow();
            outcomes.captured(locked, capture.id());
            return PaymentViews.of(locked);
        });
    }

    /**
     * The payment a PayPal refund belongs to. A refund resource carries no supplementary_data; it
     * names the refunded capture in its {@code up} link ({@code .../v2/payments/captures/{id}}).
     */
    private Optional<Payment> refundedPayment(JsonNode refund) {
        for (JsonNode link : refund.path("links")) {
            String href = link.path("href").asString("");
            int at = href.lastIndexOf("/captures/");
            if ("up".equals(link.path("rel").asString("")) && at >= 0) {
                return records.lockByCapture(PaymentMethod.PAYPAL, href.substring(at + "/captures/".length()));
            }
        }
        String orderId = refund.path("supplementary_data").path("related_ids").path("order_id").asString(null);
        return orderId == null ? Optional.empty() : outcomes.lock(PaymentMethod.PAYPAL, orderId);
    }

    public void webhook(Map<String, String> headers, String body) {
        if (!properties.paypal().enabled()) {
            throw new MedbookException(ProblemKind.NOT_FOUND, "not-found", "PayPal is not configured");
        }
        if (!paypal.verifyWebhook(headers, body)) {
            throw new MedbookException(ProblemKind.BAD_INPUT, "invalid-signature", "PayPal did not confirm this webhook");
        }
        JsonNode event = json.readTree(body);
        String eventId = event.path("id").asString("");
        String type = event.path("event_type").asString("");
        JsonNode resource = event.path("resource");
        transaction.executeWithoutResult(status -> {
            if (eventId.isEmpty() || !records.firstDelivery("paypal", eventId, type)) {
                return;
            }
            switch (type) {
                case "PAYMENT.CAPTURE.COMPLETED" -> {
                    String orderId = resource.path("supplementary_data").path("related_ids").path("order_id").asString(null);
                    if (orderId != null) {
                        outcomes.lock(PaymentMethod.PAYPAL, orderId)
                                .ifPresent(payment -> outcomes.captured(payment, resource.path("id").asString(null)));
                    }
                }
                case "PAYMENT.CAPTURE.DENIED", "PAYMENT.CAPTURE.DECLINED" -> {
                    String orderId = resource.path("supplementary_data").path("related_ids").path("order_id").asString(null);
                    if (orderId != null) {
                        outcomes.lock(PaymentMethod.PAYPAL, orderId).ifPresent(payment -> outcomes.failed(payment, "paypal:" + type));
                    }
                }
                case "PAYMENT.CAPTURE.REFUNDED" -> refundedPayment(resource).ifPresent(payment -> {
                    // The capture's running total, when PayPal gives it, so a refund we made ourselves (and already
                    // recorded from the refund API's answer) is not counted a second time.
                    JsonNode total = resource.path("seller_payable_breakdown").path("total_refunded_amount");
                    JsonNode money = total.isMissingNode() ? resource.path("amount") : total;
                    long minor = Money100.minor(money.path("value").asString("0"),
                            money.path("currency_code").asString(payment.amount().currency()));
                    outcomes.refunded(payment, total.isMissingNode() ? payment.refundedMinor() + minor : minor,
                            resource.path("id").asString(null), "paypal");
                });
                case "CUSTOMER.DISPUTE.CREATED", "CUSTOMER.DISPUTE.UPDATED", "CUSTOMER.DISPUTE.RESOLVED" -> {
                    String captureId = resource.path("disputed_transactions").path(0).path("seller_transaction_id")
                            .asString(null);
                    if (captureId != null) {
                        records.lockByCapture(PaymentMethod.PAYPAL, captureId).ifPresent(payment -> dispute(payment, resource));
                    }
                }
                default -> {
                    // Acknowledged and remembered; nothing to do.
                }
            }
        });
    }

    /** A PayPal dispute (the webhook's resource) recorded as Stripe's are, in the same words. */
    private void dispute(Payment payment, JsonNode dispute) {
        JsonNode amount = dispute.path("dispute_amount");
        String currency = amount.path("currency_code").asString(payment.amount().currency());
        String due = dispute.path("seller_response_due_date").asString(null);
        disputes.record(payment, dispute.path("dispute_id").asString(), disputeStatus(dispute),
                dispute.path("reason").asString(null), Money100.minor(amount.path("value").asString("0"), currency),
                currency, due == null ? null : java.time.Instant.parse(due));
    }

    /**
     * PayPal's dispute states in the words Stripe uses, so both providers' disputes are listed, filtered, reminded of
     * and written to the ledger alike: waiting for the merchant is {@code needs_response}, waiting for the buyer or
     * PayPal is {@code under_review}, and a resolved dispute is {@code won} or {@code lost} by its outcome
     * ({@code closed} when the outcome says neither).
     */
    static String disputeStatus(JsonNode dispute) {
        String status = dispute.path("status").asString("OPEN");
        return switch (status) {
            case "OPEN", "WAITING_FOR_SELLER_RESPONSE" -> "needs_response";
            case "WAITING_FOR_BUYER_RESPONSE", "UNDER_REVIEW" -> "under_review";
            case "RESOLVED" -> switch (dispute.path("dispute_outcome").path("outcome_code").asString("")) {
                case "RESOLVED_BUYER_FAVOUR", "ACCEPTED" -> "lost";
                case "RESOLVED_SELLER_FAVOUR", "CANCELED_BY_BUYER", "DENIED" -> "won";
                default -> "closed";
            };
            default -> status.toLowerCase(java.util.Locale.ROOT);
        };
    }
}
