package org.medbook.payments.application;

import java.time.Instant;
import java.util.UUID;

import org.medbook.payments.PaymentEvents;
import org.medbook.payments.domain.Payment;
import org.medbook.payments.domain.PaymentRecords;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;

/**
 * Keeps disputes (chargebacks) with their status and evidence due date, and tells the back office.
 * The ledger and the back office hear of each status once, when it is new.
 */
@Component
class DisputeRecorder {

    private final DisputeStore store;
    private final PaymentRecords records;
    private final ApplicationEventPublisher events;
    private final ProviderOutcomes outcomes;

    DisputeRecorder(DisputeStore store, PaymentRecords records, ApplicationEventPublisher events, ProviderOutcomes outcomes) {
        this.store = store;
        this.records = records;
        this.events = events;
        this.outcomes = outcomes;
    }

    void record(Payment payment, String providerRef, String status, String reason, long amountMinor, String currency,
            Instant evidenceDueBy) {
        DisputeStore.Upserted dispute = store.upsert(payment.id(), providerRef, status, reason, amountMinor, currency,
                evidenceDueBy, outcomes.now());
        if (!dispute.statusChanged()) {
            return;
        }
        UUID disputeId = dispute.id();
        records.record(payment, "DISPUTE_" + status.toUpperCase(java.util.Locale.ROOT), amountMinor, providerRef, reason);
        events.publishEvent(new PaymentEvents.DisputeChanged(UUID.randomUUID(), outcomes.now(), disputeId, payment.id(),
                status, evidenceDueBy));
    }
}
