package org.medbook.payments.application;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** A dispute with its payment's method and booking, the provider's page for it and the evidence sent. */
public record DisputeDetailView(UUID id, UUID paymentId, UUID bookingId, String method, String providerRef,
                                String providerUrl, String status, String reason, long amountMinor, String currency,
                                Instant evidenceDueBy, String note, Instant createdAt, Instant updatedAt,
                                List<DisputeStore.Evidence> evidence) {

    static DisputeDetailView of(DisputeStore.DisputeDetail detail, List<DisputeStore.Evidence> evidence) {
        DisputeStore.DisputeView d = detail.dispute();
        return new DisputeDetailView(d.id(), d.paymentId(), detail.bookingId(), detail.method(), d.providerRef(),
                providerUrl(detail.method(), d.providerRef()), d.status(), d.reason(), d.amountMinor(), d.currency(),
                d.evidenceDueBy(), d.note(), d.createdAt(), d.updatedAt(), evidence);
    }

    static String providerUrl(String method, String providerRef) {
        return "PAYPAL".equals(method) ? "https://www.paypal.com/resolutioncenter/" + providerRef
                : "https://dashboard.stripe.com/disputes/" + providerRef;
    }
}
