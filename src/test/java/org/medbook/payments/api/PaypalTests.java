package org.medbook.payments.api;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.medbook.support.Api;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.matching;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlMatching;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** PayPal: orders with an approval link, capture after approval, verified webhooks, retries and refunds. */
class PaypalTests extends PaymentsTestSupport {

    private static final String VERIFY = "/v1/notifications/verify-webhook-signature";

    @Test
    void aPaypalBookingAnswersTheOrdersApprovalLink() {
        NewDoctor doctor = bookableDoctor();
        String patient = patientToken(uniqueEmail("paypal"));
        String orderId = newPaypalId("ORD");
        stubPaypalOrder(orderId);

        Api.Response held = book(patient, doctor.id(), freeSlots(doctor.id(), "IN_PERSON", 3).get(1), "IN_PERSON", "PAYPAL",
                UUID.randomUUID().toString());

        assertThat(held.status()).as(held.toString()).isEqualTo(201);
        assertThat(held.text("status")).isEqualTo("PENDING_PAYMENT");
        assertThat(held.body().path("payment").path("approvalUrl").asString()).isEqualTo(approvalLink(orderId));
        assertThat(held.body().path("payment").path("status").asString()).isEqualTo("PENDING");
        String bookingId = held.text("id");
        PROVIDERS.verify(1, postRequestedFor(urlEqualTo("/v2/checkout/orders"))
                .withHeader("PayPal-Request-Id", equalTo("order-" + bookingId))
                .withHeader("Authorization", matching("Bearer .+"))
                .withRequestBody(matchingJsonPath("$.intent", equalTo("CAPTURE")))
                .withRequestBody(matchingJsonPath("$.purchase_units[0].amount.value", equalTo("60.00")))
                .withRequestBody(matchingJsonPath("$.purchase_units[0].amount.currency_code", equalTo("EUR")))
                .withRequestBody(matchingJsonPath("$.purchase_units[0].custom_id", equalTo(bookingId))));
        assertThat(payment(bookingId).providerRef()).isEqualTo(orderId);
    }

    @Test
    void theTokenIsObtainedWithTheClientCredentials() {
        NewDoctor doctor = bookableDoctor();
        // Whatever token the gateway may still hold from an earlier test expires once the clock moves on.
        clock.advance(Duration.ofDays(1));
        String patient = patientToken(uniqueEmail("oauth"));
        holdPaypalBooking(patient, doctor.id(), freeSlots(doctor.id(), "IN_PERSON", 3).get(1), "IN_PERSON");

        String basic = "Basic " + java.util.Base64.getEncoder().encodeToString(
                "medbook-paypal-client:medbook-paypal-secret".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        PROVIDERS.verify(1, postRequestedFor(urlEqualTo("/v1/oauth2/token")).withHeader("Authorization", equalTo(basic))
                .withRequestBody(equalTo("grant_type=client_credentials")));
        PROVIDERS.verify(1, postRequestedFor(urlEqualTo("/v2/checkout/orders"))
                .withHeader("Authorization", equalTo("Bearer " + PAYPAL_TOKEN)));
    }

    @Test
    void capturingAnApprovedOrderConfirmsTheBooking() {
        NewDoctor doctor = bookableDoctor();
        String patient = patientToken(uniqueEmail("capture"));
        OnlineBooking booking = holdPaypalBooking(patient, doctor.id(), freeSlots(doctor.id(), "IN_PERSON", 3).get(1),
                "IN_PERSON");
        String captureId = newPaypalId("CAP");
        stubPaypalCapture(booking.providerRef(), captureId, "60.00");

        Api.Response captured = api.post("/api/v1/payments/paypal/capture", Map.of("bookingId", booking.id()), patient);

        assertThat(captured.status()).as(captured.toString()).isEqualTo(200);
        assertThat(captured.text("status")).isEqualTo("CAPTURED");
        assertThat(bookingStatus(booking)).isEqualTo("CONFIRMED");
        // Once paid, the booking no longer offers the approval link (nor a Stripe secret).
        Api.Response paid = api.get("/api/v1/bookings/" + booking.id(), patient);
        assertThat(paid.body().path("payment").path("status").asString()).isEqualTo("CAPTURED");
        assertThat(paid.body().path("payment").has("approvalUrl")).as(paid.toString()).isFalse();
        assertThat(paid.body().path("payment").has("clientSecret")).as(paid.toString()).isFalse();
        assertThat(payment(booking.id()).captureRef()).isEqualTo(captureId);
        assertThat(ledger(booking.id())).containsOnlyOnce("CAPTURED");
        PROVIDERS.verify(1, postRequestedFor(urlEqualTo("/v2/checkout/orders/" + booking.providerRef() + "/capture"))
                .withHeader("PayPal-Request-Id", equalTo("capture-" + booking.id())));

        // Pressing the button twice neither captures again nor fails.
        Api.Response again = api.post("/api/v1/payments/paypal/capture", Map.of("bookingId", booking.id()), patient);
        assertThat(again.status()).as(again.toString()).isEqualTo(200);
        assertThat(again.text("status")).isEqualTo("CAPTURED");
        PROVIDERS.verify(1, postRequestedFor(urlEqualTo("/v2/checkout/orders/" + booking.providerRef() + "/capture")));
        assertThat(ledger(booking.id())).containsOnlyOnce("CAPTURED");
    }

    @Test
    void nobodyCapturesSomeoneElsesBooking() {
        NewDoctor doctor = bookableDoctor();
        String owner = patientToken(uniqueEmail("owner"));
        String intruder = patientToken(uniqueEmail("intruder"));
        OnlineBooking booking = holdPaypalBooking(owner, doctor.id(), freeSlots(doctor.id(), "IN_PERSON", 3).get(1),
                "IN_PERSON");
        stubPaypalCapture(booking.providerRef(), newPaypalId("CAP"), "60.00");

        Api.Response refused = api.post("/api/v1/payments/paypal/capture", Map.of("bookingId", booking.id()), intruder);

        assertThat(refused.status()).as(refused.toString()).isEqualTo(404);
        PROVIDERS.verify(0, postRequestedFor(urlEqualTo("/v2/checkout/orders/" + booking.providerRef() + "/capture")));
        assertThat(payment(booking.id()).status()).isEqualTo("PENDING");
        assertThat(bookingStatus(booking)).isEqualTo("PENDING_PAYMENT");

        Api.Response unknown = api.post("/api/v1/payments/paypal/capture", Map.of("bookingId", UUID.randomUUID()), owner);
        assertThat(unknown.status()).as(unknown.toString()).isEqualTo(404);
    }

    @Test
    void aStripePaymentIsNotCapturedThroughPaypal() {
        NewDoctor doctor = bookableDoctor();
        String patient = patientToken(uniqueEmail("wrongprovider"));
        OnlineBooking booking = holdStripeBooking(patient, doctor.id(), freeSlots(doctor.id(), "IN_PERSON", 3).get(1),
                "IN_PERSON", 6000);
        stubPaypalCapture(booking.providerRef(), newPaypalId("CAP"), "60.00");

        Api.Response refused = api.post("/api/v1/payments/paypal/capture", Map.of("bookingId", booking.id()), patient);

        assertThat(refused.status()).as(refused.toString()).isEqualTo(404);
        PROVIDERS.verify(0, postRequestedFor(urlMatching("/v2/checkout/orders/.*/capture")));
        assertThat(payment(booking.id()).status()).isEqualTo("PENDING");
        assertThat(bookingStatus(booking)).isEqualTo("PENDING_PAYMENT");
    }

    @Test
    void aCaptureThatPaypalDoesNotCompleteIsDeclinedAndTheBookingStaysHeld() {
        NewDoctor doctor = bookableDoctor();
        String patient = patientToken(uniqueEmail("capturedeclined"));
        OnlineBooking booking = holdPaypalBooking(patient, doctor.id(), freeSlots(doctor.id(), "IN_PERSON", 3).get(1),
                "IN_PERSON");
        stubPaypalToken();
        PROVIDERS.stubFor(post(urlEqualTo("/v2/checkout/orders/" + booking.providerRef() + "/capture")).willReturn(json(201,
                "{\"id\":\"" + booking.providerRef() + "\",\"status\":\"COMPLETED\",\"purchase_units\":[{\"reference_id\":"
                        + "\"default\",\"payments\":{\"captures\":[{\"id\":\"" + newPaypalId("CAP") + "\",\"status\":"
                        + "\"DECLINED\",\"amount\":{\"currency_code\":\"EUR\",\"value\":\"60.00\"}}]}}]}")));

        Api.Response declined = api.post("/api/v1/payments/paypal/capture", Map.of("bookingId", booking.id()), patient);

        assertThat(declined.status()).as(declined.toString()).isEqualTo(422);
        assertThat(declined.problem()).isEqualTo("payment-declined");
        assertThat(payment(booking.id()).status()).isEqualTo("PENDING");
        assertThat(ledger(booking.id())).doesNotContain("CAPTURED");
        assertThat(bookingStatus(booking)).isEqualTo("PENDING_PAYMENT");
    }

    @Test
    void captureDeniedAndDeclinedWebhooksFailThePayment() {
        NewDoctor doctor = bookableDoctor();
        String patient = patientToken(uniqueEmail("denied"));
        List<String> slots = freeSlots(doctor.id(), "IN_PERSON", 3);
        stubPaypalVerification("SUCCESS");
        List<String> types = List.of("PAYMENT.CAPTURE.DENIED", "PAYMENT.CAPTURE.DECLINED");

        for (int i = 0; i < types.size(); i++) {
            String type = types.get(i);
            OnlineBooking booking = holdPaypalBooking(patient, doctor.id(), slots.get(i + 1), "IN_PERSON");
            String eventId = newPaypalId("WH-");
            Api.Response delivered = deliverPaypal(paypalEvent(eventId, type, "capture", "{\"id\":\"" + newPaypalId("CAP")
                    + "\",\"status\":\"DECLINED\",\"amount\":{\"currency_code\":\"EUR\",\"value\":\"60.00\"},"
                    + "\"supplementary_data\":{\"related_ids\":{\"order_id\":\"" + booking.providerRef() + "\"}}}"),
                    paypalHeaders(UUID.randomUUID().toString()));

            assertThat(delivered.status()).as(delivered.toString()).isEqualTo(200);
            assertThat(payment(booking.id()).status()).as(type).isEqualTo("FAILED");
            assertThat(ledgerNotes(booking.id(), "FAILED")).containsExactly("paypal:" + type);
            assertThat(webhookEvents("paypal", eventId)).isEqualTo(1);
        }
    }

    @Test
    @ExtendWith(OutputCaptureExtension.class)
    void aWebhookAboutAnOrderWeDoNotKnowIsAcknowledgedAndLogged(CapturedOutput output) {
        stubPaypalVerification("SUCCESS");
        String orderId = newPaypalId("ORD");
        String eventId = newPaypalId("WH-");

        Api.Response delivered = deliverPaypal(captureCompletedEvent(eventId, orderId, newPaypalId("CAP"), "60.00"),
                paypalHeaders(UUID.randomUUID().toString()));

        assertThat(delivered.status()).as(delivered.toString()).isEqualTo(200);
        assertThat(webhookEvents("paypal", eventId)).isEqualTo(1);
        assertThat(query("SELECT count(*) FROM payments WHERE provider_ref = ?", rs -> rs.getInt(1), orderId))
                .containsExactly(0);
        assertThat(output.getAll()).contains("PAYPAL reported on an unknown payment " + orderId);
    }

    @Test
    void aVerifiedCaptureCompletedWebhookConfirmsTheBooking() {
        NewDoctor doctor = bookableDoctor();
        String patient = patientToken(uniqueEmail("hook"));
        OnlineBooking booking = holdPaypalBooking(patient, doctor.id(), freeSlots(doctor.id(), "IN_PERSON", 3).get(1),
                "IN_PERSON");
        stubPaypalVerification("SUCCESS");
        String eventId = newPaypalId("WH-");
        String captureId = newPaypalId("CAP");
        String transmission = UUID.randomUUID().toString();
        String event = captureCompletedEvent(eventId, booking.providerRef(), captureId, "60.00");

        Api.Response delivered = deliverPaypal(event, paypalHeaders(transmission));

        assertThat(delivered.status()).as(delivered.toString()).isEqualTo(200);
        assertThat(bookingStatus(booking)).isEqualTo("CONFIRMED");
        PaymentRow payment = payment(booking.id());
        assertThat(payment.status()).isEqualTo("CAPTURED");
        assertThat(payment.captureRef()).isEqualTo(captureId);
        assertThat(webhookEvents("paypal", eventId)).isEqualTo(1);
        // PayPal was asked about exactly this delivery, for our webhook id.
        PROVIDERS.verify(1, postRequestedFor(urlEqualTo(VERIFY))
                .withRequestBody(matchingJsonPath("$.webhook_id", equalTo("WH-MEDBOOK-TEST")))
                .withRequestBody(matchingJsonPath("$.transmission_id", equalTo(transmission)))
                .withRequestBody(matchingJsonPath("$.auth_algo", equalTo("SHA256withRSA")))
                .withRequestBody(matchingJsonPath("$.webhook_event.id", equalTo(eventId))));
        PROVIDERS.verify(1, postRequestedFor(urlEqualTo(VERIFY)).withRequestBody(
                matchingJsonPath("$.webhook_event", equalToJson(event))));
    }

    @Test
    void aWebhookPaypalDoesNotVouchForIsRefused() {
        NewDoctor doctor = bookableDoctor();
        String patient = patientToken(uniqueEmail("forged"));
        OnlineBooking booking = holdPaypalBooking(patient, doctor.id(), freeSlots(doctor.id(), "IN_PERSON", 3).get(1),
                "IN_PERSON");
        stubPaypalVerification("FAILURE");
        String eventId = newPaypalId("WH-");

        Api.Response refused = deliverPaypal(captureCompletedEvent(eventId, booking.providerRef(), newPaypalId("CAP"), "60.00"),
                paypalHeaders(UUID.randomUUID().toString()));

        assertThat(refused.status()).as(refused.toString()).isEqualTo(400);
        assertThat(refused.problem()).isEqualTo("invalid-signature");
        assertThat(payment(booking.id()).status()).isEqualTo("PENDING");
        assertThat(bookingStatus(booking)).isEqualTo("PENDING_PAYMENT");
        assertThat(webhookEvents("paypal", eventId)).isZero();
    }

    @Test
    void aWebhookWithoutPaypalsTransmissionHeadersIsRefusedWithoutAskingPaypal() {
        NewDoctor doctor = bookableDoctor();
        String patient = patientToken(uniqueEmail("headless"));
        OnlineBooking booking = holdPaypalBooking(patient, doctor.id(), freeSlots(doctor.id(), "IN_PERSON", 3).get(1),
                "IN_PERSON");
        stubPaypalVerification("SUCCESS");
        String event = captureCompletedEvent(newPaypalId("WH-"), booking.providerRef(), newPaypalId("CAP"), "60.00");

        Api.Response none = deliverPaypal(event, Map.of());
        Map<String, String> withoutSignature = new HashMap<>(paypalHeaders(UUID.randomUUID().toString()));
        withoutSignature.remove("PAYPAL-TRANSMISSION-SIG");
        Api.Response partial = deliverPaypal(event, withoutSignature);

        for (Api.Response refused : List.of(none, partial)) {
            assertThat(refused.status()).as(refused.toString()).isEqualTo(400);
            assertThat(refused.problem()).isEqualTo("invalid-signature");
        }
        PROVIDERS.verify(0, postRequestedFor(urlEqualTo(VERIFY)));
        assertThat(payment(booking.id()).status()).isEqualTo("PENDING");
    }

    /** A captured PayPal booking (captured through the API after approval). */
    private OnlineBooking capturedBooking(String who, Duration ahead) {
        NewDoctor doctor = bookableDoctor();
        String patient = patientToken(uniqueEmail(who));
        OnlineBooking held = holdPaypalBooking(patient, doctor.id(), slotAfter(doctor.id(), "IN_PERSON", ahead), "IN_PERSON");
        String captureId = newPaypalId("CAP");
        stubPaypalCapture(held.providerRef(), captureId, "60.00");
        Api.Response captured = api.post("/api/v1/payments/paypal/capture", Map.of("bookingId", held.id()), patient);
        assertThat(captured.status()).as(captured.toString()).isEqualTo(200);
        assertThat(bookingStatus(held)).isEqualTo("CONFIRMED");
        return held;
    }

    @Test
    void captureRefundedWebhooksUpdateTheRefundOncePerEvent() {
        OnlineBooking booking = capturedBooking("refundhook", Duration.ofHours(1));
        String captureId = payment(booking.id()).captureRef();
        stubPaypalVerification("SUCCESS");
        String firstEvent = newPaypalId("WH-");
        String partial = captureRefundedEvent(firstEvent, newPaypalId("REF"), captureId, "20.00", "20.00");

        for (int delivery = 0; delivery < 2; delivery++) {
            Api.Response delivered = deliverPaypal(partial, paypalHeaders(UUID.randomUUID().toString()));
            assertThat(delivered.status()).as(delivered.toString()).isEqualTo(200);
        }

        PaymentRow afterPartial = payment(booking.id());
        assertThat(afterPartial.status()).isEqualTo("PARTIALLY_REFUNDED");
        assertThat(afterPartial.refundedMinor()).isEqualTo(2000);
        assertThat(webhookEvents("paypal", firstEvent)).isEqualTo(1);

        Api.Response rest = deliverPaypal(captureRefundedEvent(newPaypalId("WH-"), newPaypalId("REF"), captureId, "40.00",
                "60.00"), paypalHeaders(UUID.randomUUID().toString()));

        assertThat(rest.status()).as(rest.toString()).isEqualTo(200);
        PaymentRow afterAll = payment(booking.id());
        assertThat(afterAll.status()).isEqualTo("REFUNDED");
        assertThat(afterAll.refundedMinor()).isEqualTo(6000);
        assertThat(ledgerAmounts(booking.id(), "REFUNDED")).containsExactly(2000L, 4000L);
    }

    @Test
    void aRefundWebhookWithoutTheCapturesTotalAddsItsOwnAmountToWhatWasRefunded() {
        OnlineBooking booking = capturedBooking("refundnototal", Duration.ofHours(1));
        stubPaypalVerification("SUCCESS");

        // No link up to the capture and no running total: the refund names its order, and counts by its own amount.
        for (String amount : List.of("20.00", "15.00")) {
            Api.Response delivered = deliverPaypal(paypalEvent(newPaypalId("WH-"), "PAYMENT.CAPTURE.REFUNDED", "refund",
                    "{\"id\":\"" + newPaypalId("REF") + "\",\"status\":\"COMPLETED\",\"amount\":{\"currency_code\":\"EUR\","
                            + "\"value\":\"" + amount + "\"},\"supplementary_data\":{\"related_ids\":{\"order_id\":\""
                            + booking.providerRef() + "\"}}}"), paypalHeaders(UUID.randomUUID().toString()));
            assertThat(delivered.status()).as(delivered.toString()).isEqualTo(200);
        }

        PaymentRow after = payment(booking.id());
        assertThat(after.status()).isEqualTo("PARTIALLY_REFUNDED");
        assertThat(after.refundedMinor()).isEqualTo(3500);
        assertThat(ledgerAmounts(booking.id(), "REFUNDED")).containsExactly(2000L, 1500L);
    }

    @Test
    void aRepeatedDisputeEventIsRecordedOnce() {
        OnlineBooking booking = capturedBooking("paypaldispute", Duration.ofHours(1));
        String captureId = payment(booking.id()).captureRef();
        stubPaypalVerification("SUCCESS");
        String eventId = newPaypalId("WH-");
        String disputeId = newPaypalId("PP-D-");
        java.time.Instant dueBy = java.time.Instant.parse("2030-01-15T23:59:59Z");
        String event = paypalEvent(eventId, "CUSTOMER.DISPUTE.CREATED", "dispute",
                "{\"dispute_id\":\"" + disputeId + "\",\"reason\":\"MERCHANDISE_OR_SERVICE_NOT_RECEIVED\",\"status\":\"OPEN\","
                        + "\"dispute_amount\":{\"currency_code\":\"EUR\",\"value\":\"60.00\"},\"seller_response_due_date\":\""
                        + dueBy + "\",\"disputed_transactions\":[{\"seller_transaction_id\":\"" + captureId + "\"}]}");

        for (int delivery = 0; delivery < 3; delivery++) {
            Api.Response delivered = deliverPaypal(event, paypalHeaders(UUID.randomUUID().toString()));
            assertThat(delivered.status()).as(delivered.toString()).isEqualTo(200);
        }

        // Recording a dispute appends to the ledger each time it runs: one entry means it ran once.
        assertThat(ledger(booking.id()).stream().filter(entry -> entry.startsWith("DISPUTE_")).toList())
                .containsExactly("DISPUTE_NEEDS_RESPONSE");
        assertThat(webhookEvents("paypal", eventId)).isEqualTo(1);
        Api.Response disputes = api.get("/api/v1/admin/disputes?status=needs_response&size=100", adminToken());
        tools.jackson.databind.JsonNode recorded = null;
        for (tools.jackson.databind.JsonNode item : disputes.body().path("items")) {
            if (item.path("providerRef").asString().equals(disputeId)) {
                recorded = item;
            }
        }
        assertThat(recorded).as("dispute %s in %s", disputeId, disputes).isNotNull();
        assertThat(recorded.path("amountMinor").asLong()).isEqualTo(6000);
        assertThat(java.time.Instant.parse(recorded.path("evidenceDueBy").asString())).isEqualTo(dueBy);
        assertThat(recorded.path("paymentId").asString()).isEqualTo(payment(booking.id()).id().toString());
    }

    @Test
    void aServiceUnavailableFromPaypalIsRetriedWithTheSamePaypalRequestId() {
        NewDoctor doctor = bookableDoctor();
        String patient = patientToken(uniqueEmail("paypal503"));
        String orderId = newPaypalId("ORD");
        stubPaypalToken();
        PROVIDERS.stubFor(post(urlEqualTo("/v2/checkout/orders")).inScenario("paypal-503")
                .whenScenarioStateIs(Scenario.STARTED).willSetStateTo("recovered")
                .willReturn(json(503, "{\"name\":\"SERVICE_UNAVAILABLE\",\"message\":\"Service Unavailable.\"}")));
        PROVIDERS.stubFor(post(urlEqualTo("/v2/checkout/orders")).inScenario("paypal-503")
                .whenScenarioStateIs("recovered").willReturn(json(200, paypalOrderJson(orderId))));

        Api.Response held = book(patient, doctor.id(), freeSlots(doctor.id(), "IN_PERSON", 3).get(1), "IN_PERSON", "PAYPAL",
                UUID.randomUUID().toString());

        assertThat(held.status()).as(held.toString()).isEqualTo(201);
        assertThat(held.body().path("payment").path("approvalUrl").asString()).isEqualTo(approvalLink(orderId));
        List<LoggedRequest> attempts = PROVIDERS.findAll(postRequestedFor(urlEqualTo("/v2/checkout/orders")));
        assertThat(attempts).hasSize(2);
        assertThat(attempts).extracting(r -> r.getHeader("PayPal-Request-Id")).containsOnly("order-" + held.text("id"));
        assertThat(attempts.get(1).getBodyAsString()).isEqualTo(attempts.get(0).getBodyAsString());
    }

    @Test
    void whenPaypalStaysDownTheBookingAnswers503AndTheSlotIsFreeAgain() {
        NewDoctor doctor = bookableDoctor();
        String patient = patientToken(uniqueEmail("paypaldown"));
        String slot = freeSlots(doctor.id(), "IN_PERSON", 3).get(1);
        stubPaypalToken();
        PROVIDERS.stubFor(post(urlEqualTo("/v2/checkout/orders"))
                .willReturn(json(503, "{\"name\":\"SERVICE_UNAVAILABLE\",\"message\":\"Service Unavailable.\"}")));

        Api.Response refused = book(patient, doctor.id(), slot, "IN_PERSON", "PAYPAL", UUID.randomUUID().toString());

        assertThat(refused.status()).as(refused.toString()).isEqualTo(503);
        assertThat(refused.problem()).isEqualTo("payment-provider-unavailable");
        List<LoggedRequest> attempts = PROVIDERS.findAll(postRequestedFor(urlEqualTo("/v2/checkout/orders")));
        assertThat(attempts).hasSize(3);
        assertThat(attempts).extracting(r -> r.getHeader("PayPal-Request-Id"))
                .containsOnly(attempts.get(0).getHeader("PayPal-Request-Id"));
        assertThat(freeSlots(doctor.id(), "IN_PERSON", 3)).contains(slot);
    }

    @Test
    void cancellingAPaidPaypalBookingRefundsTheCapture() {
        OnlineBooking booking = capturedBooking("paypalcancel", Duration.ofDays(2));
        String captureId = payment(booking.id()).captureRef();
        String refundId = newPaypalId("REF");
        PROVIDERS.stubFor(post(urlEqualTo("/v2/payments/captures/" + captureId + "/refund")).willReturn(json(201,
                "{\"id\":\"" + refundId + "\",\"status\":\"COMPLETED\",\"amount\":{\"currency_code\":\"EUR\",\"value\":\"60.00\"}}")));

        Api.Response cancelled = api.post("/api/v1/bookings/" + booking.id() + "/cancel", Map.of("reason", "travel"),
                booking.patientToken());

        assertThat(cancelled.status()).as(cancelled.toString()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(20)).until(() -> payment(booking.id()).status().equals("REFUNDED"));
        assertThat(payment(booking.id()).refundedMinor()).isEqualTo(6000);
        List<LoggedRequest> refunds = PROVIDERS.findAll(postRequestedFor(urlEqualTo("/v2/payments/captures/" + captureId + "/refund")));
        assertThat(refunds).hasSize(1);
        assertThat(refunds.get(0).getHeader("PayPal-Request-Id")).startsWith("refund-");
        PROVIDERS.verify(1, postRequestedFor(urlEqualTo("/v2/payments/captures/" + captureId + "/refund"))
                .withRequestBody(matchingJsonPath("$.amount.value", equalTo("60.00")))
                .withRequestBody(matchingJsonPath("$.amount.currency_code", equalTo("EUR"))));

        // PayPal reports the same refund by webhook as well: it is the one we already have, not a second one.
        stubPaypalVerification("SUCCESS");
        Api.Response reported = deliverPaypal(captureRefundedEvent(newPaypalId("WH-"), refundId, captureId, "60.00", "60.00"),
                paypalHeaders(UUID.randomUUID().toString()));
        assertThat(reported.status()).as(reported.toString()).isEqualTo(200);
        assertThat(payment(booking.id()).refundedMinor()).isEqualTo(6000);
        assertThat(ledgerAmounts(booking.id(), "REFUNDED")).containsExactly(6000L);
    }

    @Test
    void aPartialBackOfficeRefundReportedByWebhookIsNotCountedTwice() {
        OnlineBooking booking = capturedBooking("paypalpartial", Duration.ofHours(1));
        PaymentRow captured = payment(booking.id());
        String refundId = newPaypalId("REF");
        PROVIDERS.stubFor(post(urlEqualTo("/v2/payments/captures/" + captured.captureRef() + "/refund")).willReturn(json(201,
                "{\"id\":\"" + refundId + "\",\"status\":\"COMPLETED\",\"amount\":{\"currency_code\":\"EUR\",\"value\":\"15.00\"}}")));

        String admin = adminToken();
        Map<String, String> key = Map.of("Idempotency-Key", UUID.randomUUID().toString());
        Api.Response accepted = api.send("POST", "/api/v1/admin/payments/" + captured.id() + "/refund",
                Map.of("amountMinor", 1500, "reason", "late start"), admin, key);
        assertThat(accepted.status()).as(accepted.toString()).isEqualTo(202);
        await().atMost(Duration.ofSeconds(20)).until(() -> payment(booking.id()).status().equals("PARTIALLY_REFUNDED"));
        assertThat(payment(booking.id()).refundedMinor()).isEqualTo(1500);
        // The refund's PayPal-Request-Id is derived from our key: sent again, it is the same request, not a new refund.
        Api.Response repeated = api.send("POST", "/api/v1/admin/payments/" + captured.id() + "/refund",
                Map.of("amountMinor", 1500, "reason", "late start"), admin, key);
        assertThat(repeated.body()).isEqualTo(accepted.body());
        List<LoggedRequest> refunds = PROVIDERS.findAll(
                postRequestedFor(urlEqualTo("/v2/payments/captures/" + captured.captureRef() + "/refund")));
        assertThat(refunds).extracting(r -> r.getHeader("PayPal-Request-Id"))
                .containsExactly("refund-" + accepted.text("requestId"));

        stubPaypalVerification("SUCCESS");
        Api.Response reported = deliverPaypal(captureRefundedEvent(newPaypalId("WH-"), refundId, captured.captureRef(),
                "15.00", "15.00"), paypalHeaders(UUID.randomUUID().toString()));

        assertThat(reported.status()).as(reported.toString()).isEqualTo(200);
        PaymentRow after = payment(booking.id());
        assertThat(after.refundedMinor()).isEqualTo(1500);
        assertThat(after.status()).isEqualTo("PARTIALLY_REFUNDED");
        assertThat(ledgerAmounts(booking.id(), "REFUNDED")).containsExactly(1500L);
    }
}
