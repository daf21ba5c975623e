package org.medbook.payments.application;

import java.time.Clock;
import java.time.Instant;
import java.util.Optional;

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
        payment.capture(captureRef, clock.instant()).ifPresent(captured -> {
            records.update(payment);
            records.record(payment, "CAPTURED", captured.amountMinor(), captureRef, null);
            // Booking listens synchronously: confirmation (or a late-payment refund request) commits with this.
            events.publishEvent(captured);
        });
    }

    void failed(Payment payment, String reason) {
        payment.fail(reason, clock.instant()).ifPresent(failed -> {
            records.update(payment);
            records.record(payment, "FAILED", 0, payment.providerRef(), reason);
            events.publishEvent(failed);
        });
    }

    void refunded(Payment payment, long totalRefundedMinor, String providerRef, String reason) {
        payment.recordRefunds(totalRefundedMinor, reason, clock.instant()).ifPresent(refunded -> {
            records.update(payment);
            records.record(payment, "REFUNDED", refunded.amountMinor(), providerRef, reason);
            events.publishEvent(refunded);
        });
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
