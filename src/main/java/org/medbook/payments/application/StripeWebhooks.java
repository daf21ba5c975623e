package org.medbook.payments.application;

/**
 * Stripe's webhook deliveries, checked and read at the edge: what reaches the application is an
 * event Stripe signed within the time window, reduced to the ids Medbook acts on.
 */
public interface StripeWebhooks {

    /**
     * A verified Stripe event. {@code objectId} is the id of {@code data.object} (an intent, a charge
     * or a dispute); {@code paymentIntentId} is the intent a charge or a dispute names; either is
     * null when the event carries none.
     */
    record Event(String id, String type, String objectId, String paymentIntentId) {
    }

    /**
     * @throws org.medbook.shared.MedbookException {@code not-found} (404) when Stripe is not configured,
     *         {@code invalid-signature} (400) when the signature or its time is refused,
     *         {@code malformed-request} (400) when the signed body is not an event
     */
    Event verified(String payload, String signatureHeader);
}
