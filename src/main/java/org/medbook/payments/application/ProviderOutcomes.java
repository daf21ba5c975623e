package org.medbook.payments.application;

import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

import org.medbook.payments.PaymentEvents;
import org.medbook.payments.PaymentMethod;
import org.medbook.payments.domain.Payment;
import org.medbook.payments.domain.PaymentRecords;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;

/**
 * Applies what a provider reports (captured, failed, refunded) to a payment, within the caller's
 * transaction. Each method is idempotent: a repeated or late report changes nothing.
 */
@Component
class ProviderOutcomes {

    private static final Logger log = LoggerFactory.getLogger(ProviderOutcomes.class);

    private final PaymentRecords records;
    private final ApplicationEventPublisher events;
    private final Clock clock;

    ProviderOutcomes(PaymentRecords records, ApplicationEventPublisher events, Clock clock) {
        this.records = records;
        this.events = events;
        this.clock = clock;
    }

    void captured(Payment payment, String captureRef) {
        if (payment.captured(captureRef)) {
            records.update(payment);
            records.record(payment, "CAPTURED", payment.amount().amountMinor(), captureRef, null);
            // Booking listens synchronously: confirmation (or a late-payment refund request) commits with this.
            events.publishEvent(new PaymentEvents.PaymentSucceeded(UUID.randomUUID(), clock.instant(), payment.id(),
                    payment.bookingId(), payment.amount().amountMinor(), payment.amount().currency()));
        }
    }

    void failed(Payment payment, String reason) {
        if (payment.failed()) {
            records.update(payment);
            records.record(payment, "FAILED", 0, payment.providerRef(), reason);
            events.publishEvent(new PaymentEvents.PaymentFailed(UUID.randomUUID(), clock.instant(), payment.id(),
                    payment.bookingId(), reason));
        }
    }

    void refunded(Payment payment, long totalRefundedMinor, String providerRef, String reason) {
        long before = payment.refundedMinor();
        if (payment.refunded(totalRefundedMinor)) {
            long amount = payment.refundedMinor() - before;
            records.update(payment);
            records.record(payment, "REFUNDED", amount, providerRef, reason);
            events.publishEvent(new PaymentEvents.PaymentRefunded(UUID.randomUUID(), clock.instant(), payment.id(),
                    payment.bookingId(), payment.patientId(), amount, payment.amount().currency(), reason));
        }
    }

    Optional<Payment> lock(PaymentMethod method, String providerRef) {
        Optional<Payment> payment = records.lockByProviderRef(method, providerRef);
        if (payment.isEmpty()) {
            log.warn("{} reported on an unknown payment {}", method, providerRef);
        }
        return payment;
    }

    Instant now() {
        return clock.instant();
    }
}
