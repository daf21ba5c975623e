package org.medbook.payments.application;

import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.UUID;

/**
 * A back-office refund of a payment, whole ({@code amountMinor} null) or partial, asked for under the
 * caller's {@code Idempotency-Key}.
 */
public record RefundPaymentCommand(UUID paymentId, Long amountMinor, String reason, UUID actorId, String idempotencyKey) {

    public RefundPaymentCommand {
        Objects.requireNonNull(paymentId);
        Objects.requireNonNull(actorId);
        Objects.requireNonNull(idempotencyKey);
    }

    /**
     * The refund request's id, derived from who asked and their key. The provider's idempotency key is
     * derived from it in turn, so one request sent again is one refund at the provider, however it is
     * repeated, and two requests with two keys are two refunds.
     */
    public UUID requestId() {
        return UUID.nameUUIDFromBytes(("back-office-refund:" + actorId + ":" + idempotencyKey).getBytes(StandardCharsets.UTF_8));
    }
}
