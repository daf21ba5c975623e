package org.medbook.payments;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import org.medbook.shared.AuditableEvent;

/** Facts about payments, and the refund request other modules publish. */
public final class PaymentEvents {

    private PaymentEvents() {
    }

    /**
     * The money for a booking was captured. Published inside the transaction that records it, so a
     * synchronous listener (booking confirmation) commits or rolls back together with the payment.
     */
    public record PaymentSucceeded(UUID eventId, Instant occurredAt, UUID paymentId, UUID bookingId, long amountMinor,
                                   String currency) {
    }

    /** The provider refused the payment; the patient may try again while the hold lasts. */
    public record PaymentFailed(UUID eventId, Instant occurredAt, UUID paymentId, UUID bookingId, String reason) {
    }

    public record PaymentRefunded(UUID eventId, Instant occurredAt, UUID paymentId, UUID bookingId, UUID patientId,
                                  long amountMinor, String currency, String reason) implements AuditableEvent {
        public UUID actorId() { return null; }
        public String action() { return "payment.refunded"; }
        public String target() { return "payment:" + paymentId; }
        public String clientIp() { return null; }
        public Map<String, Object> details() { return Map.of("amountMinor", amountMinor, "currency", currency, "reason", reason); }
    }

    /** Cash was collected at the visit (or, with {@code waived}, will never be). */
    public record CashSettled(UUID eventId, Instant occurredAt, UUID paymentId, UUID bookingId, long amountMinor,
                              String currency, boolean waived) {
    }

    /** A dispute's evidence is due within days and it still needs a response. */
    public record DisputeDueSoon(UUID eventId, Instant occurredAt, UUID disputeId, UUID paymentId, Instant evidenceDueBy) {
    }

    /** Staff sent evidence to the provider, or accepted the dispute. */
    public record DisputeAnswered(UUID eventId, Instant occurredAt, UUID disputeId, UUID paymentId, String answer,
                                  UUID actorId, String clientIp) implements AuditableEvent {
        public String action() { return "dispute." + answer; }
        public String target() { return "dispute:" + disputeId; }
    }

    public record DisputeChanged(UUID eventId, Instant occurredAt, UUID disputeId, UUID paymentId, String status,
                                 Instant evidenceDueBy) implements AuditableEvent {
        public UUID actorId() { return null; }
        public String action() { return "dispute." + status.toLowerCase(); }
        public String target() { return "payment:" + paymentId; }
        public String clientIp() { return null; }
    }

    /**
     * Asks payments to give money back for a booking (published by booking on a cancellation, a
     * decline or a payment that arrived after its hold expired). Handled once, after commit, with
     * the provider's idempotency key, so a retry never refunds twice.
     */
    public record RefundRequested(UUID eventId, Instant occurredAt, UUID bookingId, long amountMinor, String reason,
                                  UUID actorId) implements AuditableEvent {
        public String action() { return "refund.requested"; }
        public String target() { return "booking:" + bookingId; }
        public String clientIp() { return null; }
        public Map<String, Object> details() { return Map.of("amountMinor", amountMinor, "reason", reason); }
    }
}
