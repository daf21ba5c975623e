package org.medbook.payments.api;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.medbook.support.Api;

import tools.jackson.databind.JsonNode;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * PayPal disputes, end to end over HTTP: CUSTOMER.DISPUTE.* webhooks in PayPal's format, verified by PayPal's
 * verify-webhook-signature API (the stand-in), are recorded like Stripe's disputes (status in the same words,
 * one ledger entry per new status) and listed with a link to PayPal's Resolution Center, where they are answered.
 */
class PaypalDisputeTests extends PaymentsTestSupport {

    private static final String VERIFY = "/v1/notifications/verify-webhook-signature";

    private record Paid(OnlineBooking booking, String captureId) {
    }

    @Test
    void aPaypalDisputeIsFollowedFromOpeningToItsOutcome() {
        Paid paid = paidPaypalBooking("pp-dispute");
        String admin = adminToken();
        String disputeId = newPaypalId("PP-D-");
        Instant dueBy = clock.instant().plus(Duration.ofDays(10)).truncatedTo(ChronoUnit.SECONDS);
        stubPaypalVerification("SUCCESS");
        String createdEvent = newPaypalId("WH-");

        Api.Response created = deliverPaypal(disputeEvent(createdEvent, "CUSTOMER.DISPUTE.CREATED", disputeId,
                paid.captureId(), "OPEN", null, dueBy), paypalHeaders(UUID.randomUUID().toString()));

        assertThat(created.status()).as(created.toString()).isEqualTo(200);
        PROVIDERS.verify(1, postRequestedFor(urlEqualTo(VERIFY))
                .withRequestBody(matchingJsonPath("$.webhook_id", equalTo("WH-MEDBOOK-TEST")))
                .withRequestBody(matchingJsonPath("$.webhook_event.id", equalTo(createdEvent))));
        JsonNode listed = listed(admin, "needs_response", disputeId);
        assertThat(listed.path("method").asString()).isEqualTo("PAYPAL");
        assertThat(listed.path("providerUrl").asString()).isEqualTo("https://www.paypal.com/resolutioncenter/" + disputeId);
        assertThat(listed.path("reason").asString()).isEqualTo("MERCHANDISE_OR_SERVICE_NOT_RECEIVED");
        assertThat(listed.path("amountMinor").asLong()).isEqualTo(6000);
        assertThat(listed.path("currency").asString()).isEqualTo("EUR");
        assertThat(Instant.parse(listed.path("evidenceDueBy").asString())).isEqualTo(dueBy);
        assertThat(listed.path("paymentId").asString()).isEqualTo(payment(paid.booking().id()).id().toString());
        assertThat(ledger(paid.booking().id())).containsSubsequence("CAPTURED", "DISPUTE_NEEDS_RESPONSE");

        String id = listed.path("id").asString();
        JsonNode detail = api.get("/api/v1/admin/disputes/" + id, admin).body();
        assertThat(detail.path("providerUrl").asString()).isEqualTo(listed.path("providerUrl").asString());
        assertThat(detail.path("bookingId").asString()).isEqualTo(paid.booking().id());
        Api.Response accept = api.post("/api/v1/admin/disputes/" + id + "/accept", null, admin);
        assertThat(accept.status()).as("answered at PayPal, not here").isEqualTo(422);
        assertThat(accept.problem()).isEqualTo("dispute-answered-at-provider");
        assertThat(accept.body().path("providerUrl").asString()).isEqualTo(listed.path("providerUrl").asString());

        // The same event again, and an update that changes nothing, leave the ledger as it is.
        deliverPaypal(disputeEvent(createdEvent, "CUSTOMER.DISPUTE.CREATED", disputeId, paid.captureId(), "OPEN", null,
                dueBy), paypalHeaders(UUID.randomUUID().toString()));
        deliverPaypal(disputeEvent(newPaypalId("WH-"), "CUSTOMER.DISPUTE.UPDATED", disputeId, paid.captureId(),
                "WAITING_FOR_SELLER_RESPONSE", null, dueBy), paypalHeaders(UUID.randomUUID().toString()));
        assertThat(ledger(paid.booking().id())).containsOnlyOnce("DISPUTE_NEEDS_RESPONSE");

        Api.Response review = deliverPaypal(disputeEvent(newPaypalId("WH-"), "CUSTOMER.DISPUTE.UPDATED", disputeId,
                paid.captureId(), "UNDER_REVIEW", null, dueBy), paypalHeaders(UUID.randomUUID().toString()));
        assertThat(review.status()).as(review.toString()).isEqualTo(200);
        assertThat(listed(admin, "under_review", disputeId).path("id").asString()).isEqualTo(id);

        Api.Response resolved = deliverPaypal(disputeEvent(newPaypalId("WH-"), "CUSTOMER.DISPUTE.RESOLVED", disputeId,
                paid.captureId(), "RESOLVED", "RESOLVED_BUYER_FAVOUR", dueBy), paypalHeaders(UUID.randomUUID().toString()));
        assertThat(resolved.status()).as(resolved.toString()).isEqualTo(200);
        JsonNode lost = listed(admin, "lost", disputeId);
        assertThat(lost.path("id").asString()).as("one dispute, followed").isEqualTo(id);
        assertThat(ledger(paid.booking().id())).containsSubsequence("CAPTURED", "DISPUTE_NEEDS_RESPONSE",
                "DISPUTE_UNDER_REVIEW", "DISPUTE_LOST");
        assertThat(ledgerAmounts(paid.booking().id(), "DISPUTE_LOST")).containsExactly(6000L);
        assertThat(api.get("/api/v1/admin/disputes?status=needs_response&size=100", admin).body().path("items")
                .findValuesAsString("providerRef")).doesNotContain(disputeId);
    }

    @Test
    void aDisputeResolvedForTheMerchantIsWon() {
        Paid paid = paidPaypalBooking("pp-won");
        String disputeId = newPaypalId("PP-D-");
        stubPaypalVerification("SUCCESS");
        deliverPaypal(disputeEvent(newPaypalId("WH-"), "CUSTOMER.DISPUTE.CREATED", disputeId, paid.captureId(),
                "WAITING_FOR_SELLER_RESPONSE", null, null), paypalHeaders(UUID.randomUUID().toString()));

        Api.Response resolved = deliverPaypal(disputeEvent(newPaypalId("WH-"), "CUSTOMER.DISPUTE.RESOLVED", disputeId,
                paid.captureId(), "RESOLVED", "RESOLVED_SELLER_FAVOUR", null), paypalHeaders(UUID.randomUUID().toString()));

        assertThat(resolved.status()).as(resolved.toString()).isEqualTo(200);
        assertThat(listed(adminToken(), "won", disputeId).path("evidenceDueBy").isNull()).isTrue();
        assertThat(ledger(paid.booking().id())).containsSubsequence("DISPUTE_NEEDS_RESPONSE", "DISPUTE_WON");
    }

    @Test
    void aDisputeWebhookPaypalDoesNotVouchForChangesNothing() {
        Paid paid = paidPaypalBooking("pp-forged");
        String disputeId = newPaypalId("PP-D-");
        stubPaypalVerification("FAILURE");
        String eventId = newPaypalId("WH-");

        Api.Response refused = deliverPaypal(disputeEvent(eventId, "CUSTOMER.DISPUTE.CREATED", disputeId,
                paid.captureId(), "OPEN", null, null), paypalHeaders(UUID.randomUUID().toString()));

        assertThat(refused.status()).as(refused.toString()).isEqualTo(400);
        assertThat(refused.problem()).isEqualTo("invalid-signature");
        assertThat(webhookEvents("paypal", eventId)).isZero();
        assertThat(query("SELECT count(*) FROM disputes WHERE provider_ref = ?", rs -> rs.getInt(1), disputeId))
                .containsExactly(0);
        assertThat(ledger(paid.booking().id())).noneMatch(entry -> entry.startsWith("DISPUTE_"));
    }

    /** A PayPal in-person booking of 60.00 EUR, approved by the patient and captured. */
    private Paid paidPaypalBooking(String who) {
        NewDoctor doctor = bookableDoctor();
        String patient = patientToken(uniqueEmail(who));
        OnlineBooking booking = holdPaypalBooking(patient, doctor.id(), freeSlots(doctor.id(), "IN_PERSON", 3).get(1),
                "IN_PERSON");
        String captureId = newPaypalId("CAP");
        stubPaypalCapture(booking.providerRef(), captureId, "60.00");
        Api.Response captured = api.post("/api/v1/payments/paypal/capture", Map.of("bookingId", booking.id()), patient);
        assertThat(captured.status()).as(captured.toString()).isEqualTo(200);
        return new Paid(booking, captureId);
    }

    /**
     * A CUSTOMER.DISPUTE.* event as PayPal's webhook reference shows it: the resource is the dispute, naming the
     * disputed capture as the seller's transaction; a resolved one carries its outcome.
     */
    private static String disputeEvent(String eventId, String type, String disputeId, String captureId, String status,
            String outcome, Instant dueBy) {
        return paypalEvent(eventId, type, "dispute", "{\"dispute_id\":\"" + disputeId + "\",\"create_time\":\""
                + "2031-01-02T10:00:00.000Z\",\"update_time\":\"2031-01-02T10:05:00.000Z\","
                + "\"disputed_transactions\":[{\"buyer_transaction_id\":\"" + newPaypalId("BUY")
                + "\",\"seller_transaction_id\":\"" + captureId + "\",\"create_time\":\"2031-01-01T09:00:00.000Z\","
                + "\"transaction_status\":\"COMPLETED\",\"gross_amount\":{\"currency_code\":\"EUR\",\"value\":\"60.00\"},"
                + "\"seller\":{\"merchant_id\":\"MEDBOOKMERCHANT\",\"name\":\"Medbook\"},\"seller_protection_eligible\":true}],"
                + "\"reason\":\"MERCHANDISE_OR_SERVICE_NOT_RECEIVED\",\"status\":\"" + status + "\","
                + "\"dispute_amount\":{\"currency_code\":\"EUR\",\"value\":\"60.00\"},"
                + (dueBy == null ? "" : "\"seller_response_due_date\":\"" + dueBy + "\",")
                + (outcome == null ? "" : "\"dispute_outcome\":{\"outcome_code\":\"" + outcome
                        + "\",\"amount_refunded\":{\"currency_code\":\"EUR\",\"value\":\"60.00\"}},")
                + "\"dispute_life_cycle_stage\":\"CHARGEBACK\",\"dispute_channel\":\"INTERNAL\","
                + "\"links\":[{\"href\":\"https://api.sandbox.paypal.com/v1/customer/disputes/" + disputeId
                + "\",\"rel\":\"self\",\"method\":\"GET\"}]}");
    }

    private JsonNode listed(String admin, String status, String providerRef) {
        Api.Response disputes = api.get("/api/v1/admin/disputes?size=100&status=" + status, admin);
        assertThat(disputes.status()).as(disputes.toString()).isEqualTo(200);
        for (JsonNode item : disputes.body().path("items")) {
            if (item.path("providerRef").asString().equals(providerRef)) {
                return item;
            }
        }
        throw new AssertionError("dispute " + providerRef + " not listed as " + status + ": " + disputes);
    }
}
