package org.medbook.payments.application;

import java.time.Instant;
import java.util.UUID;

import org.medbook.shared.PageRequest;
import org.medbook.shared.PageView;

public interface DisputeStore {

    record DisputeView(UUID id, UUID paymentId, String providerRef, String status, String reason, long amountMinor,
                       String currency, Instant evidenceDueBy, String note, Instant createdAt, Instant updatedAt) {
    }

    /** The dispute's id, and whether its status is new (first seen, or changed since). */
    record Upserted(UUID id, boolean statusChanged) {
    }

    Upserted upsert(UUID paymentId, String providerRef, String status, String reason, long amountMinor, String currency,
            Instant evidenceDueBy, Instant now);

    PageView<DisputeView> list(String status, PageRequest page);

    boolean note(UUID disputeId, String note, Instant now);
}
