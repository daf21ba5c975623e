package org.medbook.payments.application;

import java.time.Clock;
import java.time.Instant;
import java.util.Optional;

import org.medbook.payments.PaymentEvents.PaymentEvent;
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
        // Booking listens synchronously: confirmation (or a late-payment refund request) commits with this.
        payment.capture(captureRef, clock.instant()).ifPresent(captured ->
                save(payment, captured, "CAPTURED", captured.amountMinor(), captureRef, null));
    }

    void failed(Payment payment, String reason) {
        payment.fail(reason, clock.instant()).ifPresent(failed ->
                save(payment, failed, "FAILED", 0, payment.providerRef(), reason));
    }

    void refunded(Payment payment, long totalRefundedMinor, String providerRef, String reason) {
        payment.recordRefunds(totalRefundedMinor, reason, clock.instant()).ifPresent(refunded ->
                save(payment, refunded, "REFUNDED", refunded.amountMinor(), providerRef, reason));
    }

    /** The changed payment, its ledger entry and the event it returned, all in the caller's transaction. */
    private void save(Payment payment, PaymentEvent event, String entry, long amountMinor, String providerRef,
            String note) {
        records.update(payment);
        records.record(payment, entry, amountMinor, providerRef, note);
        events.publishEvent(event);
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
