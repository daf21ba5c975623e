package org.medbook.payments.api;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.medbook.support.StripeTestSigner;
import org.medbook.support.Api;

import tools.jackson.databind.JsonNode;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

/** Stripe's webhooks: signature and time window, once-only processing, out-of-order events, refunds and disputes. */
class StripeWebhookTests extends PaymentsTestSupport {

    private static final long VIDEO_FEE = 4500;

    private OnlineBooking heldVideoBooking(String who) {
        NewDoctor doctor = bookableDoctor();
        String patient = patientToken(uniqueEmail(who));
        return holdStripeBooking(patient, doctor.id(), freeSlots(doctor.id(), "VIDEO", 3).get(1), "VIDEO", VIDEO_FEE);
    }

    @Test
    void aSignedSucceededEventConfirmsTheBookingAndRecordsOneCapture() {
        OnlineBooking booking = heldVideoBooking("signed");
        stubIntentStatus(booking.providerRef(), VIDEO_FEE, "succeeded");
        String eventId = newEventId();

        Api.Response delivered = deliverStripe(intentEvent(eventId, "payment_intent.succeeded", booking.providerRef()));

        assertThat(delivered.status()).as(delivered.toString()).isEqualTo(200);
        assertThat(delivered.body().path("received").asBoolean()).isTrue();
        assertThat(bookingStatus(booking)).isEqualTo("CONFIRMED");
        PaymentRow payment = payment(booking.id());
        assertThat(payment.status()).isEqualTo("CAPTURED");
        assertThat(payment.captureRef()).isEqualTo(chargeOf(booking.providerRef()));
        assertThat(ledger(booking.id())).containsExactly("ATTEMPT", "STARTED", "CAPTURED");
        assertThat(ledgerAmounts(booking.id(), "CAPTURED")).containsExactly(VIDEO_FEE);
        assertThat(webhookEvents("stripe", eventId)).isEqualTo(1);
        PROVIDERS.verify(1, getRequestedFor(urlEqualTo("/v1/payment_intents/" + booking.providerRef())));
    }

    @Test
    void badSignaturesAreRefusedWithoutTouchingAnything() {
        OnlineBooking booking = heldVideoBooking("forged");
        stubIntentStatus(booking.providerRef(), VIDEO_FEE, "succeeded");
        String eventId = newEventId();
        String event = intentEvent(eventId, "payment_intent.succeeded", booking.providerRef());
        long now = clock.instant().getEpochSecond();
        String validSignature = StripeTestSigner.header(event, STRIPE_WEBHOOK_SECRET, now);
        String validV1 = validSignature.substring(validSignature.indexOf("v1=") + 3);

        Map<String, String> refusals = new java.util.LinkedHashMap<>();
        refusals.put("wrong secret", StripeTestSigner.header(event, "whsec_someone_else", now));
        refusals.put("six minutes old", StripeTestSigner.header(event, STRIPE_WEBHOOK_SECRET, now - 360));
        refusals.put("six minutes in the future", StripeTestSigner.header(event, STRIPE_WEBHOOK_SECRET, now + 360));
        refusals.put("timestamp is not a number", "t=yesterday,v1=" + validV1);
        refusals.put("no timestamp", "v1=" + validV1);
        refusals.put("no v1 signature", "t=" + now + ",v0=" + validV1);
        refusals.put("signature is not hex", "t=" + now + ",v1=not-a-hex-signature");
        refusals.put("no key=value pairs at all", "garbage");
        refusals.put("blank", " ");
        for (Map.Entry<String, String> refusal : refusals.entrySet()) {
            Api.Response refused = deliverStripe(event, refusal.getValue());
            assertThat(refused.status()).as(refusal.getKey() + ": " + refused).isEqualTo(400);
            assertThat(refused.problem()).as(refusal.getKey()).isEqualTo("invalid-signature");
        }

        Api.Response missing = deliverStripe(event, null);
        assertThat(missing.status()).as(missing.toString()).isEqualTo(400);
        assertThat(missing.problem()).isEqualTo("invalid-signature");

        // One byte changed after signing: the signature covers the exact bytes.
        String tampered = event.replace("\"livemode\":false", "\"livemode\":falsE");
        assertThat(tampered).hasSameSizeAs(event).isNotEqualTo(event);
        Api.Response changed = deliverStripe(tampered, validSignature);
        assertThat(changed.status()).as(changed.toString()).isEqualTo(400);
        assertThat(changed.problem()).isEqualTo("invalid-signature");

        // Nothing happened: not processed, not remembered, Stripe not even asked.
        assertThat(bookingStatus(booking)).isEqualTo("PENDING_PAYMENT");
        assertThat(payment(booking.id()).status()).isEqualTo("PENDING");
        assertThat(ledger(booking.id())).doesNotContain("CAPTURED");
        assertThat(webhookEvents("stripe", eventId)).isZero();
        PROVIDERS.verify(0, getRequestedFor(urlEqualTo("/v1/payment_intents/" + booking.providerRef())));

        // Within the window on either side, the genuine delivery still works (so it was the signature, nothing else).
        Api.Response genuine = deliverStripe(event, StripeTestSigner.header(event, STRIPE_WEBHOOK_SECRET, now - 240));
        assertThat(genuine.status()).as(genuine.toString()).isEqualTo(200);
        assertThat(bookingStatus(booking)).isEqualTo("CONFIRMED");
    }

    @Test
    void aSignatureFromSlightlyAheadIsAcceptedWithinTheTolerance() {
        OnlineBooking booking = heldVideoBooking("ahead");
        stubIntentStatus(booking.providerRef(), VIDEO_FEE, "succeeded");
        String event = intentEvent(newEventId(), "payment_intent.succeeded", booking.providerRef());

        Api.Response delivered = deliverStripe(event,
                StripeTestSigner.header(event, STRIPE_WEBHOOK_SECRET, clock.instant().getEpochSecond() + 240));

        assertThat(delivered.status()).as(delivered.toString()).isEqualTo(200);
        assertThat(bookingStatus(booking)).isEqualTo("CONFIRMED");
    }

    @Test
    void theApplicationClockDecidesTheWindow() {
        OnlineBooking booking = heldVideoBooking("late");
        stubIntentStatus(booking.providerRef(), VIDEO_FEE, "succeeded");
        String event = intentEvent(newEventId(), "payment_intent.succeeded", booking.providerRef());
        String signedNow = StripeTestSigner.header(event, STRIPE_WEBHOOK_SECRET, clock.instant().getEpochSecond());

        clock.advance(Duration.ofMinutes(6));
        Api.Response replayedLater = deliverStripe(event, signedNow);

        assertThat(replayedLater.status()).as(replayedLater.toString()).isEqualTo(400);
        assertThat(replayedLater.problem()).isEqualTo("invalid-signature");
        assertThat(payment(booking.id()).status()).isEqualTo("PENDING");
    }

    @Test
    void theSameEventDeliveredThreeTimesIsProcessedOnce() {
        OnlineBooking booking = heldVideoBooking("thrice");
        stubIntentStatus(booking.providerRef(), VIDEO_FEE, "succeeded");
        String eventId = newEventId();
        String event = intentEvent(eventId, "payment_intent.succeeded", booking.providerRef());

        for (int delivery = 0; delivery < 3; delivery++) {
            Api.Response delivered = deliverStripe(event);
            assertThat(delivered.status()).as("delivery %d: %s", delivery + 1, delivered).isEqualTo(200);
        }

        assertThat(bookingStatus(booking)).isEqualTo("CONFIRMED");
        assertThat(ledger(booking.id())).containsOnlyOnce("CAPTURED");
        assertThat(webhookEvents("stripe", eventId)).isEqualTo(1);
        assertThat(query("SELECT count(*) FROM appointment_changes WHERE appointment_id = ? AND change = 'PAID'",
                rs -> rs.getInt(1), java.util.UUID.fromString(booking.id()))).containsExactly(1);
    }

    @Test
    void theSameEventDeliveredFiveTimesConcurrentlyIsProcessedOnce() throws Exception {
        OnlineBooking booking = heldVideoBooking("fivefold");
        stubIntentStatus(booking.providerRef(), VIDEO_FEE, "succeeded");
        String eventId = newEventId();
        String event = intentEvent(eventId, "payment_intent.succeeded", booking.providerRef());
        String signature = StripeTestSigner.header(event, STRIPE_WEBHOOK_SECRET, clock.instant().getEpochSecond());

        deliverConcurrently(event, signature, 5);

        assertThat(bookingStatus(booking)).isEqualTo("CONFIRMED");
        assertThat(payment(booking.id()).status()).isEqualTo("CAPTURED");
        assertThat(ledger(booking.id())).containsOnlyOnce("CAPTURED");
        assertThat(webhookEvents("stripe", eventId)).isEqualTo(1);
    }

    @Test
    void aDisputeEventDeliveredRepeatedlyAndConcurrentlyIsRecordedOnce() throws Exception {
        NewDoctor doctor = bookableDoctor();
        String patient = patientToken(uniqueEmail("disputetwice"));
        OnlineBooking booking = paidStripeBooking(patient, doctor.id(), freeSlots(doctor.id(), "VIDEO", 3).get(1), "VIDEO",
                VIDEO_FEE);
        String eventId = newEventId();
        String disputeId = "dp_" + booking.providerRef().substring(3);
        stubDispute(disputeId, booking.providerRef(), VIDEO_FEE, "needs_response", clock.instant().plus(Duration.ofDays(7)));
        String event = stripeEvent(eventId, "charge.dispute.created", disputeJson(disputeId, booking.providerRef(),
                VIDEO_FEE, "needs_response", clock.instant().plus(Duration.ofDays(7))));
        String signature = StripeTestSigner.header(event, STRIPE_WEBHOOK_SECRET, clock.instant().getEpochSecond());

        deliverConcurrently(event, signature, 5);
        for (int again = 0; again < 2; again++) {
            assertThat(deliverStripe(event).status()).isEqualTo(200);
        }

        // Recording a dispute appends to the ledger every time it runs: one entry means it ran once.
        assertThat(ledger(booking.id()).stream().filter(entry -> entry.startsWith("DISPUTE_")).toList())
                .containsExactly("DISPUTE_NEEDS_RESPONSE");
        assertThat(webhookEvents("stripe", eventId)).isEqualTo(1);
        assertThat(query("SELECT count(*) FROM disputes WHERE provider_ref = ?", rs -> rs.getInt(1), disputeId))
                .containsExactly(1);
    }

    @Test
    void aFailureReportedAfterTheIntentSucceededLeavesThePaymentCaptured() {
        OnlineBooking booking = heldVideoBooking("outoforder");
        stubIntentStatus(booking.providerRef(), VIDEO_FEE, "succeeded");
        assertThat(deliverStripe(intentEvent(newEventId(), "payment_intent.succeeded", booking.providerRef())).status())
                .isEqualTo(200);

        // The earlier attempt's failure arrives late; Stripe says the intent has succeeded since.
        Api.Response late = deliverStripe(intentEvent(newEventId(), "payment_intent.payment_failed", booking.providerRef()));

        assertThat(late.status()).as(late.toString()).isEqualTo(200);
        assertThat(payment(booking.id()).status()).isEqualTo("CAPTURED");
        assertThat(ledger(booking.id())).doesNotContain("FAILED").containsOnlyOnce("CAPTURED");
        assertThat(bookingStatus(booking)).isEqualTo("CONFIRMED");
    }

    @Test
    void aFailureReportedFirstIsJudgedByTheIntentsCurrentState() {
        OnlineBooking booking = heldVideoBooking("failedfirst");
        stubIntentStatus(booking.providerRef(), VIDEO_FEE, "requires_payment_method");

        Api.Response failed = deliverStripe(intentEvent(newEventId(), "payment_intent.payment_failed", booking.providerRef()));

        assertThat(failed.status()).as(failed.toString()).isEqualTo(200);
        assertThat(payment(booking.id()).status()).isEqualTo("FAILED");
        assertThat(bookingStatus(booking)).isEqualTo("PENDING_PAYMENT");

        // The patient tries another card while the hold lasts, and this time it works.
        stubIntentStatus(booking.providerRef(), VIDEO_FEE, "succeeded");
        Api.Response succeeded = deliverStripe(intentEvent(newEventId(), "payment_intent.succeeded", booking.providerRef()));
        assertThat(succeeded.status()).as(succeeded.toString()).isEqualTo(200);
        assertThat(payment(booking.id()).status()).isEqualTo("CAPTURED");
        assertThat(bookingStatus(booking)).isEqualTo("CONFIRMED");
    }

    @Test
    void aSucceededEventWhileStripeStillSaysProcessingIsAskedToBeRedelivered() {
        OnlineBooking booking = heldVideoBooking("processing");
        stubIntentStatus(booking.providerRef(), VIDEO_FEE, "processing");
        String eventId = newEventId();

        Api.Response early = deliverStripe(intentEvent(eventId, "payment_intent.succeeded", booking.providerRef()));

        assertThat(early.status()).as(early.toString()).isEqualTo(503);
        assertThat(early.problem()).isEqualTo("provider-state-pending");
        assertThat(payment(booking.id()).status()).isEqualTo("PENDING");
        assertThat(bookingStatus(booking)).isEqualTo("PENDING_PAYMENT");
        assertThat(ledger(booking.id())).doesNotContain("CAPTURED", "FAILED");

        stubIntentStatus(booking.providerRef(), VIDEO_FEE, "succeeded");
        // Stripe redelivers the same event; it was not marked as processed the first time.
        Api.Response later = deliverStripe(intentEvent(eventId, "payment_intent.succeeded", booking.providerRef()));

        assertThat(later.status()).as(later.toString()).isEqualTo(200);
        assertThat(payment(booking.id()).status()).isEqualTo("CAPTURED");
        assertThat(bookingStatus(booking)).isEqualTo("CONFIRMED");
        assertThat(ledger(booking.id())).containsOnlyOnce("CAPTURED");
    }

    @Test
    void chargeRefundedEventsFollowTheChargesRefundedTotal() {
        NewDoctor doctor = bookableDoctor();
        String patient = patientToken(uniqueEmail("refunded"));
        OnlineBooking booking = paidStripeBooking(patient, doctor.id(), freeSlots(doctor.id(), "VIDEO", 3).get(1), "VIDEO",
                VIDEO_FEE);
        String charge = chargeOf(booking.providerRef());

        // Each event is judged by the charge's refunded total as Stripe reports it when the event arrives.
        stubIntent(booking.providerRef(), VIDEO_FEE, "succeeded", 2000);
        Api.Response partial = deliverStripe(stripeEvent(newEventId(), "charge.refunded", chargePayload(charge,
                booking.providerRef(), 2000)));

        assertThat(partial.status()).as(partial.toString()).isEqualTo(200);
        PaymentRow afterPartial = payment(booking.id());
        assertThat(afterPartial.status()).isEqualTo("PARTIALLY_REFUNDED");
        assertThat(afterPartial.refundedMinor()).isEqualTo(2000);

        stubIntent(booking.providerRef(), VIDEO_FEE, "succeeded", VIDEO_FEE);
        Api.Response full = deliverStripe(stripeEvent(newEventId(), "charge.refunded", chargePayload(charge,
                booking.providerRef(), VIDEO_FEE)));

        assertThat(full.status()).as(full.toString()).isEqualTo(200);
        PaymentRow afterFull = payment(booking.id());
        assertThat(afterFull.status()).isEqualTo("REFUNDED");
        assertThat(afterFull.refundedMinor()).isEqualTo(VIDEO_FEE);
        assertThat(ledgerAmounts(booking.id(), "REFUNDED")).containsExactly(2000L, VIDEO_FEE - 2000);

        // The first refund's event delivered again late (a new delivery id) cannot lower the total.
        Api.Response stale = deliverStripe(stripeEvent(newEventId(), "charge.refunded", chargePayload(charge,
                booking.providerRef(), 2000)));
        assertThat(stale.status()).isEqualTo(200);
        assertThat(payment(booking.id()).refundedMinor()).isEqualTo(VIDEO_FEE);
        assertThat(payment(booking.id()).status()).isEqualTo("REFUNDED");
        assertThat(ledgerAmounts(booking.id(), "REFUNDED")).hasSize(2);

        Api.Response view = api.get("/api/v1/bookings/" + booking.id(), patient);
        assertThat(view.body().path("payment").path("refundedMinor").asLong()).isEqualTo(VIDEO_FEE);
        assertThat(view.body().path("payment").path("status").asString()).isEqualTo("REFUNDED");
    }

    private static String chargePayload(String chargeId, String intentId, long amountRefunded) {
        return "{\"id\":\"" + chargeId + "\",\"object\":\"charge\",\"amount\":" + VIDEO_FEE + ",\"amount_captured\":"
                + VIDEO_FEE + ",\"amount_refunded\":" + amountRefunded + ",\"currency\":\"eur\",\"payment_intent\":\""
                + intentId + "\",\"refunded\":" + (amountRefunded == VIDEO_FEE) + ",\"status\":\"succeeded\"}";
    }

    @Test
    void disputesAreRecordedWithTheirEvidenceDeadlineAndFollowedToTheEnd() {
        NewDoctor doctor = bookableDoctor();
        String patient = patientToken(uniqueEmail("disputed"));
        OnlineBooking booking = paidStripeBooking(patient, doctor.id(), freeSlots(doctor.id(), "VIDEO", 3).get(1), "VIDEO",
                VIDEO_FEE);
        String disputeId = "dp_" + booking.providerRef().substring(3);
        Instant dueBy = Instant.ofEpochSecond(clock.instant().plus(Duration.ofDays(7)).getEpochSecond());
        stubDispute(disputeId, booking.providerRef(), VIDEO_FEE, "needs_response", dueBy);

        Api.Response created = deliverStripe(stripeEvent(newEventId(), "charge.dispute.created",
                disputeJson(disputeId, booking.providerRef(), VIDEO_FEE, "needs_response", dueBy)));

        assertThat(created.status()).as(created.toString()).isEqualTo(200);
        String admin = adminToken();
        JsonNode dispute = disputeNamed(admin, disputeId);
        assertThat(dispute.path("status").asString()).isEqualTo("needs_response");
        assertThat(dispute.path("reason").asString()).isEqualTo("fraudulent");
        assertThat(dispute.path("amountMinor").asLong()).isEqualTo(VIDEO_FEE);
        assertThat(dispute.path("currency").asString()).isEqualTo("EUR");
        assertThat(Instant.parse(dispute.path("evidenceDueBy").asString())).isEqualTo(dueBy);
        assertThat(dispute.path("paymentId").asString()).isEqualTo(payment(booking.id()).id().toString());

        Api.Response noted = api.patch("/api/v1/admin/disputes/" + dispute.path("id").asString(),
                Map.of("note", "Video call log sent as evidence"), admin);
        assertThat(noted.status()).as(noted.toString()).isEqualTo(204);

        stubDispute(disputeId, booking.providerRef(), VIDEO_FEE, "won", dueBy);
        Api.Response closed = deliverStripe(stripeEvent(newEventId(), "charge.dispute.closed",
                disputeJson(disputeId, booking.providerRef(), VIDEO_FEE, "won", dueBy)));

        assertThat(closed.status()).as(closed.toString()).isEqualTo(200);
        JsonNode afterClose = disputeNamed(admin, disputeId);
        assertThat(afterClose.path("id").asString()).isEqualTo(dispute.path("id").asString());
        assertThat(afterClose.path("status").asString()).isEqualTo("won");
        assertThat(Instant.parse(afterClose.path("evidenceDueBy").asString())).isEqualTo(dueBy);
        assertThat(afterClose.path("note").asString()).isEqualTo("Video call log sent as evidence");
        assertThat(ledger(booking.id())).containsSubsequence("CAPTURED", "DISPUTE_NEEDS_RESPONSE", "DISPUTE_WON");

        Api.Response onlyWon = api.get("/api/v1/admin/disputes?status=won&size=100", admin);
        assertThat(onlyWon.body().path("items").findValuesAsString("providerRef")).contains(disputeId);
        Api.Response onlyOpen = api.get("/api/v1/admin/disputes?status=needs_response&size=100", admin);
        assertThat(onlyOpen.body().path("items").findValuesAsString("providerRef")).doesNotContain(disputeId);
    }

    private JsonNode disputeNamed(String adminToken, String providerRef) {
        Api.Response disputes = api.get("/api/v1/admin/disputes?size=100", adminToken);
        assertThat(disputes.status()).as(disputes.toString()).isEqualTo(200);
        for (JsonNode item : disputes.body().path("items")) {
            if (item.path("providerRef").asString().equals(providerRef)) {
                return item;
            }
        }
        throw new AssertionError("no dispute " + providerRef + " in " + disputes);
    }

    // ---------------------------------------------------------------- charge events before the intent's success

    @Test
    void aRefundReportedBeforeTheSuccessRecordsTheCaptureThenTheRefundAndTheLateSuccessChangesNothing() {
        OnlineBooking booking = heldVideoBooking("refundfirst");
        String intent = booking.providerRef();
        // Stripe has captured and fully refunded the charge; its charge.refunded overtakes payment_intent.succeeded.
        stubIntent(intent, VIDEO_FEE, "succeeded", VIDEO_FEE);

        Api.Response refunded = deliverStripe(stripeEvent(newEventId(), "charge.refunded",
                chargePayload(chargeOf(intent), intent, VIDEO_FEE)));

        assertThat(refunded.status()).as(refunded.toString()).isEqualTo(200);
        assertThat(ledger(booking.id())).containsExactly("ATTEMPT", "STARTED", "CAPTURED", "REFUNDED");
        assertThat(ledgerAmounts(booking.id(), "CAPTURED")).containsExactly(VIDEO_FEE);
        assertThat(ledgerAmounts(booking.id(), "REFUNDED")).containsExactly(VIDEO_FEE);
        PaymentRow payment = payment(booking.id());
        assertThat(payment.status()).isEqualTo("REFUNDED");
        assertThat(payment.refundedMinor()).isEqualTo(VIDEO_FEE);
        assertThat(payment.captureRef()).isEqualTo(chargeOf(intent));
        assertThat(bookingStatus(booking)).isEqualTo("CONFIRMED");
        PROVIDERS.verify(1, getRequestedFor(urlPathEqualTo("/v1/payment_intents/" + intent))
                .withQueryParam("expand[0]", equalTo("latest_charge")));

        Api.Response succeeded = deliverStripe(intentEvent(newEventId(), "payment_intent.succeeded", intent));

        assertThat(succeeded.status()).as(succeeded.toString()).isEqualTo(200);
        assertThat(ledger(booking.id())).containsExactly("ATTEMPT", "STARTED", "CAPTURED", "REFUNDED");
        assertThat(payment(booking.id()).status()).isEqualTo("REFUNDED");
        assertThat(query("SELECT count(*) FROM appointment_changes WHERE appointment_id = ? AND change = 'PAID'",
                rs -> rs.getInt(1), java.util.UUID.fromString(booking.id()))).containsExactly(1);
    }

    @Test
    void aPartialRefundReportedBeforeTheSuccessKeepsTheRestCaptured() {
        OnlineBooking booking = heldVideoBooking("partialfirst");
        String intent = booking.providerRef();
        stubIntent(intent, VIDEO_FEE, "succeeded", 1500);

        Api.Response refunded = deliverStripe(stripeEvent(newEventId(), "charge.refund.updated",
                "{\"id\":\"re_" + intent.substring(3) + "\",\"object\":\"refund\",\"amount\":1500,\"charge\":\""
                        + chargeOf(intent) + "\",\"currency\":\"eur\",\"payment_intent\":\"" + intent
                        + "\",\"status\":\"succeeded\"}"));

        assertThat(refunded.status()).as(refunded.toString()).isEqualTo(200);
        assertThat(ledger(booking.id())).containsExactly("ATTEMPT", "STARTED", "CAPTURED", "REFUNDED");
        assertThat(ledgerAmounts(booking.id(), "REFUNDED")).containsExactly(1500L);
        assertThat(payment(booking.id()).status()).isEqualTo("PARTIALLY_REFUNDED");
        assertThat(payment(booking.id()).refundedMinor()).isEqualTo(1500);
    }

    @Test
    void aDisputeReportedBeforeTheSuccessRecordsTheCaptureFirst() {
        OnlineBooking booking = heldVideoBooking("disputefirst");
        String intent = booking.providerRef();
        String disputeId = "dp_" + intent.substring(3);
        Instant dueBy = Instant.ofEpochSecond(clock.instant().plus(Duration.ofDays(7)).getEpochSecond());
        stubIntentStatus(intent, VIDEO_FEE, "succeeded");
        stubDispute(disputeId, intent, VIDEO_FEE, "needs_response", dueBy);

        Api.Response disputed = deliverStripe(stripeEvent(newEventId(), "charge.dispute.created",
                disputeJson(disputeId, intent, VIDEO_FEE, "needs_response", dueBy)));

        assertThat(disputed.status()).as(disputed.toString()).isEqualTo(200);
        assertThat(ledger(booking.id())).containsExactly("ATTEMPT", "STARTED", "CAPTURED", "DISPUTE_NEEDS_RESPONSE");
        assertThat(payment(booking.id()).status()).isEqualTo("CAPTURED");
        assertThat(bookingStatus(booking)).isEqualTo("CONFIRMED");
    }

    @Test
    void aLateDisputeEventCannotTakeTheDisputeBackToAnEarlierState() {
        NewDoctor doctor = bookableDoctor();
        String patient = patientToken(uniqueEmail("disputelate"));
        OnlineBooking booking = paidStripeBooking(patient, doctor.id(), freeSlots(doctor.id(), "VIDEO", 3).get(1), "VIDEO",
                VIDEO_FEE);
        String disputeId = "dp_" + booking.providerRef().substring(3);
        Instant dueBy = Instant.ofEpochSecond(clock.instant().plus(Duration.ofDays(7)).getEpochSecond());
        stubDispute(disputeId, booking.providerRef(), VIDEO_FEE, "won", dueBy);

        assertThat(deliverStripe(stripeEvent(newEventId(), "charge.dispute.closed",
                disputeJson(disputeId, booking.providerRef(), VIDEO_FEE, "won", dueBy))).status()).isEqualTo(200);
        Api.Response late = deliverStripe(stripeEvent(newEventId(), "charge.dispute.created",
                disputeJson(disputeId, booking.providerRef(), VIDEO_FEE, "needs_response", dueBy)));

        assertThat(late.status()).as(late.toString()).isEqualTo(200);
        assertThat(disputeNamed(adminToken(), disputeId).path("status").asString()).isEqualTo("won");
        assertThat(ledger(booking.id()).stream().filter(entry -> entry.startsWith("DISPUTE_")).toList())
                .containsExactly("DISPUTE_WON");
    }

    @Test
    void aChargeEventWhileStripeStillSaysProcessingIsAskedToBeRedelivered() {
        OnlineBooking booking = heldVideoBooking("chargeprocessing");
        String intent = booking.providerRef();
        stubIntentStatus(intent, VIDEO_FEE, "processing");
        String eventId = newEventId();
        String event = stripeEvent(eventId, "charge.refunded", chargePayload(chargeOf(intent), intent, VIDEO_FEE));

        Api.Response early = deliverStripe(event);

        assertThat(early.status()).as(early.toString()).isEqualTo(503);
        assertThat(early.problem()).isEqualTo("provider-state-pending");
        assertThat(ledger(booking.id())).containsExactly("ATTEMPT", "STARTED");
        assertThat(webhookEvents("stripe", eventId)).isZero();

        stubIntent(intent, VIDEO_FEE, "succeeded", VIDEO_FEE);
        Api.Response redelivered = deliverStripe(event);

        assertThat(redelivered.status()).as(redelivered.toString()).isEqualTo(200);
        assertThat(ledger(booking.id())).containsExactly("ATTEMPT", "STARTED", "CAPTURED", "REFUNDED");
    }

    @Test
    void anEventForAnIntentWeDoNotKnowIsAcknowledged() {
        String stranger = newIntentId();
        stubIntentStatus(stranger, 999, "succeeded");
        String eventId = newEventId();

        Api.Response delivered = deliverStripe(intentEvent(eventId, "payment_intent.succeeded", stranger));

        assertThat(delivered.status()).as(delivered.toString()).isEqualTo(200);
        assertThat(query("SELECT count(*) FROM payments WHERE provider_ref = ?", rs -> rs.getInt(1), stranger))
                .containsExactly(0);
        assertThat(webhookEvents("stripe", eventId)).isEqualTo(1);

        Api.Response unknownCharge = deliverStripe(stripeEvent(newEventId(), "charge.refunded",
                chargePayload(chargeOf(stranger), stranger, 999)));
        assertThat(unknownCharge.status()).as(unknownCharge.toString()).isEqualTo(200);

        String otherEventId = newEventId();
        Api.Response otherType = deliverStripe(stripeEvent(otherEventId, "customer.created",
                "{\"id\":\"cus_medbook\",\"object\":\"customer\"}"));
        assertThat(otherType.status()).as(otherType.toString()).isEqualTo(200);
        assertThat(webhookEvents("stripe", otherEventId)).as("an event about no payment is remembered too").isEqualTo(1);
    }

    @Test
    void aDisputeEventWhileStripeStillSaysProcessingIsAskedToBeRedelivered() {
        OnlineBooking booking = heldVideoBooking("disputeprocessing");
        String intent = booking.providerRef();
        stubIntentStatus(intent, VIDEO_FEE, "processing");
        String disputeId = "dp_" + intent.substring(3);
        Instant dueBy = Instant.ofEpochSecond(clock.instant().plus(Duration.ofDays(7)).getEpochSecond());
        stubDispute(disputeId, intent, VIDEO_FEE, "needs_response", dueBy);
        String eventId = newEventId();

        Api.Response early = deliverStripe(stripeEvent(eventId, "charge.dispute.created",
                disputeJson(disputeId, intent, VIDEO_FEE, "needs_response", dueBy)));

        assertThat(early.status()).as(early.toString()).isEqualTo(503);
        assertThat(early.problem()).isEqualTo("provider-state-pending");
        assertThat(ledger(booking.id())).containsExactly("ATTEMPT", "STARTED");
        assertThat(query("SELECT count(*) FROM disputes WHERE provider_ref = ?", rs -> rs.getInt(1), disputeId))
                .containsExactly(0);
        assertThat(webhookEvents("stripe", eventId)).isZero();
    }

    @Test
    void aDisputeStripeReportsWithoutACurrencyIsKeptInThePaymentsCurrency() {
        NewDoctor doctor = bookableDoctor();
        String patient = patientToken(uniqueEmail("nocurrency"));
        OnlineBooking booking = paidStripeBooking(patient, doctor.id(), freeSlots(doctor.id(), "VIDEO", 3).get(1), "VIDEO",
                VIDEO_FEE);
        String disputeId = "dp_" + booking.providerRef().substring(3);
        Instant dueBy = Instant.ofEpochSecond(clock.instant().plus(Duration.ofDays(7)).getEpochSecond());
        String dispute = disputeJson(disputeId, booking.providerRef(), VIDEO_FEE, "needs_response", dueBy);
        PROVIDERS.stubFor(get(urlPathEqualTo("/v1/disputes/" + disputeId))
                .willReturn(json(200, dispute.replace(",\"currency\":\"eur\"", ""))));

        Api.Response created = deliverStripe(stripeEvent(newEventId(), "charge.dispute.created", dispute));

        assertThat(created.status()).as(created.toString()).isEqualTo(200);
        JsonNode recorded = disputeNamed(adminToken(), disputeId);
        assertThat(recorded.path("currency").asString()).isEqualTo("EUR");
        assertThat(recorded.path("amountMinor").asLong()).isEqualTo(VIDEO_FEE);
        assertThat(ledger(booking.id())).containsSubsequence("CAPTURED", "DISPUTE_NEEDS_RESPONSE");
    }

    /** Delivers one signed event from {@code times} threads released together; every delivery must be accepted. */
    private void deliverConcurrently(String event, String signature, int times) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(times);
        CountDownLatch start = new CountDownLatch(1);
        List<CompletableFuture<Api.Response>> deliveries = new ArrayList<>();
        try {
            for (int i = 0; i < times; i++) {
                deliveries.add(CompletableFuture.supplyAsync(() -> {
                    try {
                        start.await(10, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    return deliverStripe(event, signature);
                }, pool));
            }
            start.countDown();
            for (CompletableFuture<Api.Response> delivery : deliveries) {
                Api.Response response = delivery.get(30, TimeUnit.SECONDS);
                assertThat(response.status()).as(response.toString()).isEqualTo(200);
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
