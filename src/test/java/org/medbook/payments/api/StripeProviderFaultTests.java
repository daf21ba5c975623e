package org.medbook.payments.api;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

import org.junit.jupiter.api.Test;
import org.medbook.payments.PaymentEvents;
import org.medbook.payments.PaymentMethod;
import org.medbook.payments.PaymentView;
import org.medbook.payments.Payments;
import org.medbook.shared.Money;
import org.medbook.support.Api;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.modulith.events.FailedEventPublications;
import org.springframework.modulith.events.ResubmissionOptions;

import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Stripe misbehaving: 5xx and timeouts when a payment starts, refunds after cancellation and their retries. */
class StripeProviderFaultTests extends PaymentsTestSupport {

    private static final long IN_PERSON_FEE = 6000;
    private static final String STRIPE_ERROR = "{\"error\":{\"type\":\"api_error\",\"message\":\"Something went wrong on Stripe's end.\"}}";

    @Autowired
    private FailedEventPublications failedPublications;

    @Autowired
    private MeterRegistry meters;

    @Autowired
    private Payments payments;

    @Test
    void aServerErrorWhileCreatingTheIntentIsRetriedWithTheSameIdempotencyKey() {
        NewDoctor doctor = bookableDoctor();
        String slot = freeSlots(doctor.id(), "IN_PERSON", 3).get(1);
        String patient = patientToken(uniqueEmail("retried"));
        String intentId = newIntentId();
        PROVIDERS.stubFor(post(urlEqualTo("/v1/payment_intents")).inScenario("flaky-create")
                .whenScenarioStateIs(Scenario.STARTED).willSetStateTo("recovered")
                .willReturn(json(500, STRIPE_ERROR)));
        PROVIDERS.stubFor(post(urlEqualTo("/v1/payment_intents")).inScenario("flaky-create")
                .whenScenarioStateIs("recovered")
                .willReturn(json(200, intentJson(intentId, IN_PERSON_FEE, "requires_payment_method", null))));

        Api.Response held = book(patient, doctor.id(), slot, "IN_PERSON", "STRIPE", UUID.randomUUID().toString());

        assertThat(held.status()).as(held.toString()).isEqualTo(201);
        assertThat(held.text("status")).isEqualTo("PENDING_PAYMENT");
        assertThat(held.body().path("payment").path("clientSecret").asString()).isEqualTo(intentId + "_secret_medbook");
        List<LoggedRequest> attempts = PROVIDERS.findAll(postRequestedFor(urlEqualTo("/v1/payment_intents")));
        assertThat(attempts).hasSize(2);
        String key = attempts.get(0).getHeader("Idempotency-Key");
        assertThat(key).isNotBlank().contains(held.text("id"));
        assertThat(attempts.get(1).getHeader("Idempotency-Key")).isEqualTo(key);
        assertThat(attempts.get(0).getBodyAsString()).contains("amount=6000").contains("currency=eur");
        assertThat(attempts.get(1).getBodyAsString()).isEqualTo(attempts.get(0).getBodyAsString());
        assertThat(payment(held.text("id")).providerRef()).isEqualTo(intentId);
    }

    @Test
    void whenStripeKeepsFailingTheBookingAnswers503AndReleasesTheSlot() {
        NewDoctor doctor = bookableDoctor();
        String slot = freeSlots(doctor.id(), "IN_PERSON", 3).get(1);
        PROVIDERS.stubFor(post(urlEqualTo("/v1/payment_intents")).willReturn(json(500, STRIPE_ERROR)));

        assertStartFailsAndSlotIsReleased(doctor, slot, "failing");
    }

    @Test
    void whenStripeTimesOutTheBookingAnswers503AndReleasesTheSlot() {
        NewDoctor doctor = bookableDoctor();
        String slot = freeSlots(doctor.id(), "IN_PERSON", 3).get(1);
        // Longer than the 2 s timeout the tests configure.
        PROVIDERS.stubFor(post(urlEqualTo("/v1/payment_intents")).willReturn(json(200,
                intentJson(newIntentId(), IN_PERSON_FEE, "requires_payment_method", null)).withFixedDelay(3000)));

        assertStartFailsAndSlotIsReleased(doctor, slot, "timeout");
    }

    private void assertStartFailsAndSlotIsReleased(NewDoctor doctor, String slot, String who) {
        String patient = patientToken(uniqueEmail(who));
        String key = UUID.randomUUID().toString();

        Api.Response refused = book(patient, doctor.id(), slot, "IN_PERSON", "STRIPE", key);

        assertThat(refused.status()).as(refused.toString()).isEqualTo(503);
        assertThat(refused.problem()).isEqualTo("payment-provider-unavailable");
        // The first try and the SDK's two retries, all under one idempotency key.
        List<LoggedRequest> attempts = PROVIDERS.findAll(postRequestedFor(urlEqualTo("/v1/payment_intents")));
        assertThat(attempts).hasSize(3);
        assertThat(attempts).extracting(r -> r.getHeader("Idempotency-Key")).containsOnly(attempts.get(0).getHeader("Idempotency-Key"));
        List<String> atThatTime = query("SELECT id FROM appointments WHERE doctor_id = ? AND starts_at = ?",
                rs -> rs.getString(1), UUID.fromString(doctor.id()), java.time.OffsetDateTime.parse(slot));
        assertThat(atThatTime).hasSize(1);
        String failedBooking = atThatTime.get(0);
        assertThat(attempts.get(0).getBodyAsString()).contains(failedBooking);
        assertThat(appointmentStatus(failedBooking)).isEqualTo("CANCELLED");
        assertThat(payment(failedBooking).status()).isEqualTo("FAILED");
        assertThat(ledger(failedBooking)).containsSubsequence("ATTEMPT", "START_FAILED").doesNotContain("STARTED");

        assertThat(freeSlots(doctor.id(), "IN_PERSON", 3)).contains(slot);
        String intentId = newIntentId();
        stubIntentCreation(intentId, IN_PERSON_FEE);
        String other = patientToken(uniqueEmail(who + "-next"));
        Api.Response next = book(other, doctor.id(), slot, "IN_PERSON", "STRIPE", UUID.randomUUID().toString());
        assertThat(next.status()).as(next.toString()).isEqualTo(201);
        assertThat(next.text("status")).isEqualTo("PENDING_PAYMENT");

        // The refusal did not keep the first patient's Idempotency-Key: the same request runs again (and now finds the slot taken).
        Api.Response retried = book(patient, doctor.id(), slot, "IN_PERSON", "STRIPE", key);
        assertThat(retried.status()).as(retried.toString()).isEqualTo(409);
        assertThat(retried.problem()).isEqualTo("slot-unavailable");
    }

    @Test
    void startingAPaymentAgainAnswersTheOneStartedWithoutAskingStripeAgain() {
        NewDoctor doctor = bookableDoctor();
        String patient = patientToken(uniqueEmail("startagain"));
        OnlineBooking booking = holdStripeBooking(patient, doctor.id(), freeSlots(doctor.id(), "IN_PERSON", 3).get(1),
                "IN_PERSON", IN_PERSON_FEE);
        UUID bookingId = UUID.fromString(booking.id());
        UUID[] people = query("SELECT patient_id, doctor_id FROM payments WHERE booking_id = ?",
                rs -> new UUID[] {rs.getObject(1, UUID.class), rs.getObject(2, UUID.class)}, bookingId).get(0);

        PaymentView again = payments.start(new Payments.StartPayment(bookingId, people[0], people[1], PaymentMethod.STRIPE,
                new Money(IN_PERSON_FEE, "EUR"), "Medbook appointment"));

        assertThat(again.id()).isEqualTo(payment(booking.id()).id());
        assertThat(again.clientSecret()).isEqualTo(booking.providerRef() + "_secret_medbook");
        PROVIDERS.verify(1, postRequestedFor(urlEqualTo("/v1/payment_intents")));
        assertThat(ledger(booking.id())).containsExactly("ATTEMPT", "STARTED");
    }

    @Test
    void cancellingABookingBeforeItIsPaidCancelsItsPaymentAndRefundsNothing() {
        NewDoctor doctor = bookableDoctor();
        String patient = patientToken(uniqueEmail("unpaidcancel"));
        OnlineBooking booking = holdStripeBooking(patient, doctor.id(), freeSlots(doctor.id(), "IN_PERSON", 3).get(1),
                "IN_PERSON", IN_PERSON_FEE);

        Api.Response cancelled = api.post("/api/v1/bookings/" + booking.id() + "/cancel", null, patient);

        assertThat(cancelled.status()).as(cancelled.toString()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(20)).until(() -> payment(booking.id()).status().equals("CANCELLED"));
        assertThat(ledger(booking.id())).containsExactly("ATTEMPT", "STARTED", "CANCELLED");
        assertThat(payment(booking.id()).refundedMinor()).isZero();
        assertThat(refundRequestsFor(booking.providerRef())).isEmpty();
    }

    @Test
    void cancellingAPaidBookingInTimeRefundsItAtStripe() {
        NewDoctor doctor = bookableDoctor();
        String patient = patientToken(uniqueEmail("cancels"));
        OnlineBooking booking = paidStripeBooking(patient, doctor.id(),
                slotAfter(doctor.id(), "IN_PERSON", Duration.ofDays(2)), "IN_PERSON", IN_PERSON_FEE);
        PROVIDERS.stubFor(post(urlEqualTo("/v1/refunds")).withRequestBody(containing(booking.providerRef()))
                .willReturn(json(200, refundJson(booking.providerRef(), IN_PERSON_FEE))));

        double requestedBefore = refunds("requested");
        double refundedBefore = refunds("refunded");

        Api.Response cancelled = api.post("/api/v1/bookings/" + booking.id() + "/cancel", Map.of("reason", "feeling better"),
                patient);

        assertThat(cancelled.status()).as(cancelled.toString()).isEqualTo(200);
        assertThat(cancelled.text("status")).isEqualTo("CANCELLED");
        await().atMost(Duration.ofSeconds(20)).until(() -> payment(booking.id()).status().equals("REFUNDED"));
        PaymentRow refunded = payment(booking.id());
        assertThat(refunded.refundedMinor()).isEqualTo(IN_PERSON_FEE);
        List<LoggedRequest> refunds = refundRequestsFor(booking.providerRef());
        assertThat(refunds).hasSize(1);
        assertThat(refunds.get(0).getBodyAsString()).contains("payment_intent=" + booking.providerRef())
                .contains("amount=" + IN_PERSON_FEE);
        assertThat(refunds.get(0).getHeader("Idempotency-Key")).startsWith("refund-");
        assertThat(ledgerAmounts(booking.id(), "REFUNDED")).containsExactly(IN_PERSON_FEE);
        assertThat(freeSlots(doctor.id(), "IN_PERSON", 5)).contains(booking.slot());
        // counted once each transaction commits, by provider
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            assertThat(refunds("requested")).isGreaterThan(requestedBefore);
            assertThat(refunds("refunded")).isGreaterThan(refundedBefore);
        });
    }

    @Test
    void cancellingWhileAGoodwillRefundIsStillPendingAsksStripeOnlyForWhatIsLeft() {
        NewDoctor doctor = bookableDoctor();
        String patient = patientToken(uniqueEmail("pending-then-cancel"));
        OnlineBooking booking = paidStripeBooking(patient, doctor.id(),
                slotAfter(doctor.id(), "IN_PERSON", Duration.ofDays(2)), "IN_PERSON", IN_PERSON_FEE);
        PROVIDERS.stubFor(post(urlEqualTo("/v1/refunds")).withRequestBody(containing(booking.providerRef()))
                .willReturn(json(200, "{\"id\":\"re_" + booking.providerRef().substring(3) + "\",\"object\":\"refund\","
                        + "\"amount\":4000,\"currency\":\"eur\",\"payment_intent\":\"" + booking.providerRef()
                        + "\",\"status\":\"pending\"}")));
        Api.Response goodwill = api.send("POST", "/api/v1/admin/payments/" + payment(booking.id()).id() + "/refund",
                Map.of("amountMinor", 4000, "reason", "goodwill"), adminToken(),
                Map.of("Idempotency-Key", UUID.randomUUID().toString()));
        assertThat(goodwill.status()).as(goodwill.toString()).isEqualTo(202);
        await().atMost(Duration.ofSeconds(20)).until(() -> payment(booking.id()).status().equals("REFUND_PENDING"));

        Api.Response cancelled = api.post("/api/v1/bookings/" + booking.id() + "/cancel", null, patient);

        assertThat(cancelled.status()).as(cancelled.toString()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(20)).until(() -> refundRequestsFor(booking.providerRef()).size() == 2);
        List<LoggedRequest> refunds = refundRequestsFor(booking.providerRef());
        assertThat(refunds.get(0).getBodyAsString()).contains("amount=4000");
        assertThat(refunds.get(1).getBodyAsString()).as("the 4,000 pending is not asked for twice")
                .contains("amount=" + (IN_PERSON_FEE - 4000));
        assertThat(ledgerAmounts(booking.id(), "REFUND_REQUESTED")).containsExactly(4000L, IN_PERSON_FEE - 4000);
    }

    @Test
    void cancellingAfterTheFreeCancellationTimeRefundsNothing() {
        NewDoctor doctor = bookableDoctor();
        String email = uniqueEmail("toolate");
        OnlineBooking booking = paidStripeBooking(patientToken(email), doctor.id(),
                slotAfter(doctor.id(), "IN_PERSON", Duration.ofDays(2)), "IN_PERSON", IN_PERSON_FEE);
        // Two hours before the visit: well past the free cancellation time (24 hours before).
        clock.advance(Duration.between(clock.instant(),
                java.time.OffsetDateTime.parse(booking.slot()).toInstant().minus(Duration.ofHours(2))));
        String patient = patientToken(email);
        PROVIDERS.stubFor(post(urlEqualTo("/v1/refunds")).willReturn(json(200, refundJson(booking.providerRef(), IN_PERSON_FEE))));

        Api.Response cancelled = api.post("/api/v1/bookings/" + booking.id() + "/cancel", Map.of("reason", "late"), patient);

        assertThat(cancelled.status()).as(cancelled.toString()).isEqualTo(200);
        assertThat(cancelled.text("status")).isEqualTo("CANCELLED");
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(
                query("""
                        SELECT count(*) FROM event_publication WHERE listener_id LIKE '%RefundProcessor%'
                        AND serialized_event LIKE ?""",
                        rs -> rs.getInt(1), "%" + booking.id() + "%")).containsExactly(0));
        assertThat(refundRequestsFor(booking.providerRef())).isEmpty();
        assertThat(payment(booking.id()).status()).isEqualTo("CAPTURED");
        assertThat(payment(booking.id()).refundedMinor()).isZero();
    }

    @Test
    void aRefundStripeFailsOnceIsRetriedWithTheSameKeyAndRefundsOnce() {
        NewDoctor doctor = bookableDoctor();
        String patient = patientToken(uniqueEmail("refundretry"));
        OnlineBooking booking = paidStripeBooking(patient, doctor.id(),
                slotAfter(doctor.id(), "IN_PERSON", Duration.ofDays(2)), "IN_PERSON", IN_PERSON_FEE);
        PROVIDERS.stubFor(post(urlEqualTo("/v1/refunds")).inScenario("flaky-refund")
                .whenScenarioStateIs(Scenario.STARTED).willSetStateTo("recovered")
                .willReturn(json(500, STRIPE_ERROR)));
        PROVIDERS.stubFor(post(urlEqualTo("/v1/refunds")).inScenario("flaky-refund")
                .whenScenarioStateIs("recovered")
                .willReturn(json(200, refundJson(booking.providerRef(), IN_PERSON_FEE))));

        Api.Response cancelled = api.post("/api/v1/bookings/" + booking.id() + "/cancel", null, patient);

        assertThat(cancelled.status()).as(cancelled.toString()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(20)).until(() -> payment(booking.id()).status().equals("REFUNDED"));
        List<LoggedRequest> refunds = refundRequestsFor(booking.providerRef());
        assertThat(refunds).hasSize(2);
        assertThat(refunds.get(1).getHeader("Idempotency-Key")).isEqualTo(refunds.get(0).getHeader("Idempotency-Key"));
        assertThat(payment(booking.id()).refundedMinor()).isEqualTo(IN_PERSON_FEE);
        assertThat(ledgerAmounts(booking.id(), "REFUNDED")).containsExactly(IN_PERSON_FEE);
    }

    @Test
    void aRefundThatOutlastsTheSdkRetriesIsRedeliveredByTheOutboxUnderTheSameKey() {
        NewDoctor doctor = bookableDoctor();
        String patient = patientToken(uniqueEmail("outbox"));
        OnlineBooking booking = paidStripeBooking(patient, doctor.id(),
                slotAfter(doctor.id(), "IN_PERSON", Duration.ofDays(2)), "IN_PERSON", IN_PERSON_FEE);
        PROVIDERS.stubFor(post(urlEqualTo("/v1/refunds")).withRequestBody(containing(booking.providerRef()))
                .willReturn(json(500, STRIPE_ERROR)));

        double failedBefore = refunds("failed");

        Api.Response cancelled = api.post("/api/v1/bookings/" + booking.id() + "/cancel", null, patient);
        assertThat(cancelled.status()).as(cancelled.toString()).isEqualTo(200);

        // The first delivery gives up after the SDK's retries; the request stays in the outbox as failed.
        await().atMost(Duration.ofSeconds(30)).until(() -> refundRequestsFor(booking.providerRef()).size() >= 3);
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(
                query("""
                        SELECT count(*) FROM event_publication WHERE listener_id LIKE '%RefundProcessor%'
                        AND status = 'FAILED' AND serialized_event LIKE ?""",
                        rs -> rs.getInt(1), "%" + booking.id() + "%")).containsExactly(1));
        assertThat(payment(booking.id()).status()).isEqualTo("CAPTURED");
        assertThat(ledger(booking.id())).doesNotContain("REFUNDED");
        assertThat(refunds("failed")).as("the failed attempt is counted").isGreaterThan(failedBefore);

        // Stripe recovers; the outbox maintenance resubmits failed publications (done here instead of waiting a minute).
        PROVIDERS.stubFor(post(urlEqualTo("/v1/refunds")).withRequestBody(containing(booking.providerRef()))
                .willReturn(json(200, refundJson(booking.providerRef(), IN_PERSON_FEE))));
        failedPublications.resubmit(ResubmissionOptions.defaults().withFilter(publication ->
                publication.getEvent() instanceof PaymentEvents.RefundRequested request
                        && request.bookingId().toString().equals(booking.id())));

        await().atMost(Duration.ofSeconds(20)).until(() -> payment(booking.id()).status().equals("REFUNDED"));
        List<LoggedRequest> refunds = refundRequestsFor(booking.providerRef());
        assertThat(refunds.size()).isGreaterThanOrEqualTo(4);
        assertThat(refunds).extracting(r -> r.getHeader("Idempotency-Key"))
                .containsOnly(refunds.get(0).getHeader("Idempotency-Key"));
        assertThat(payment(booking.id()).refundedMinor()).isEqualTo(IN_PERSON_FEE);
        assertThat(ledgerAmounts(booking.id(), "REFUNDED")).containsExactly(IN_PERSON_FEE);
        assertThat(ledger(booking.id())).containsOnlyOnce("REFUND_REQUESTED");
    }

    /** The Stripe refunds counted with this outcome so far. */
    private double refunds(String outcome) {
        Counter counter = meters.find("medbook.payments.refunds").tag("provider", "stripe").tag("outcome", outcome).counter();
        assertThat(counter).as("medbook.payments.refunds{provider=stripe,outcome=%s}", outcome).isNotNull();
        return counter.count();
    }

    private static List<LoggedRequest> refundRequestsFor(String intentId) {
        return PROVIDERS.findAll(postRequestedFor(urlEqualTo("/v1/refunds")).withRequestBody(containing(intentId)));
    }

    static String refundJson(String intentId, long amount) {
        return "{\"id\":\"re_" + intentId.substring(3) + "\",\"object\":\"refund\",\"amount\":" + amount
                + ",\"currency\":\"eur\",\"payment_intent\":\"" + intentId + "\",\"status\":\"succeeded\"}";
    }
}
