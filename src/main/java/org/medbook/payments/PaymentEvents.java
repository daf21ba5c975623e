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
     * What a {@link org.medbook.payments.Payments payment} itself reports when it changes: each of its
     * transitions returns the fact, and the handler publishes exactly that.
     */
    public sealed interface PaymentEvent permits PaymentSucceeded, PaymentFailed, PaymentRefunded, CashSettled {
        UUID eventId();
        Instant occurredAt();
        UUID paymentId();
        UUID bookingId();
    }

    /**
     * The money for a booking was captured. Published inside the transaction that records it, so a
     * synchronous listener (booking confirmation) commits or rolls back together with the payment.
     */
    public record PaymentSucceeded(UUID eventId, Instant occurredAt, UUID paymentId, UUID bookingId, long amountMinor,
                                   String currency) implements PaymentEvent {
    }

    /** The provider refused the payment; the patient may try again while the hold lasts. */
    public record PaymentFailed(UUID eventId, Instant occurredAt, UUID paymentId, UUID bookingId, String reason)
            implements PaymentEvent {
    }

    public record PaymentRefunded(UUID eventId, Instant occurredAt, UUID paymentId, UUID bookingId, UUID patientId,
                                  long amountMinor, String currency, String reason)
            implements PaymentEvent, AuditableEvent {
        public UUID actorId() { return null; }
        public String action() { return "payment.refunded"; }
        public String target() { return "payment:" + paymentId; }
        public String clientIp() { return null; }
        public Map<String, Object> details() { return Map.of("amountMinor", amountMinor, "currency", currency, "reason", reason); }
    }

    /** Cash was collected at the visit (or, with {@code waived}, will never be). */
    public record CashSettled(UUID eventId, Instant occurredAt, UUID paymentId, UUID bookingId, long amountMinor,
                              String currency, boolean waived) implements PaymentEvent {
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
