package org.medbook.payments.application;

import java.time.Instant;
import java.util.UUID;

import org.medbook.shared.PageRequest;
import org.medbook.shared.PageView;

public interface DisputeStore {

    /**
     * @param method      the disputed payment's method (STRIPE or PAYPAL)
     * @param providerUrl the dispute's page at the provider (PayPal disputes are answered in its Resolution Center)
     */
    record DisputeView(UUID id, UUID paymentId, String providerRef, String status, String reason, long amountMinor,
                       String currency, Instant evidenceDueBy, String note, Instant createdAt, Instant updatedAt,
                       String method, String providerUrl) {

        DisputeView withProviderUrl() {
            return new DisputeView(id, paymentId, providerRef, status, reason, amountMinor, currency, evidenceDueBy, note,
                    createdAt, updatedAt, method, DisputeDetailView.providerUrl(method, providerRef));
        }
    }

    /** The dispute's id, and whether its status is new (first seen, or changed since). */
    record Upserted(UUID id, boolean statusChanged) {
    }

    Upserted upsert(UUID paymentId, String providerRef, String status, String reason, long amountMinor, String currency,
            Instant evidenceDueBy, Instant now);

    PageView<DisputeView> list(String status, PageRequest page);

    boolean note(UUID disputeId, String note, Instant now);

    /** The dispute with the payment's method and booking, for the detail page and for answering it. */
    java.util.Optional<DisputeDetail> find(UUID disputeId);

    record DisputeDetail(DisputeView dispute, String method, UUID bookingId) {
    }

    record Evidence(UUID id, String text, java.util.List<String> fileIds, java.util.List<String> fileNames,
                    boolean submitted, UUID actorId, Instant createdAt) {
    }

    void addEvidence(UUID disputeId, Evidence evidence);

    java.util.List<Evidence> evidence(UUID disputeId);

    /**
     * Open disputes whose evidence is due before {@code before} and whose staff were not reminded yet,
     * marked reminded (locked for the caller's transaction; other nodes skip them).
     */
    java.util.List<DisputeView> takeDueSoon(Instant now, Instant before, int limit);
}
