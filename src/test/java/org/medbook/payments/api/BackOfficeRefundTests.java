package org.medbook.payments.api;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import com.github.tomakehurst.wiremock.verification.LoggedRequest;

import org.junit.jupiter.api.Test;
import org.medbook.support.Api;

import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Back-office refunds take an Idempotency-Key: one request sent again is one refund, at Medbook and
 * at the provider (whose idempotency key is derived from ours); two keys are two refunds.
 */
class BackOfficeRefundTests extends PaymentsTestSupport {

    private static final long IN_PERSON_FEE = 6000;

    private record Paid(OnlineBooking booking, UUID paymentId) {
    }

    /** A captured Stripe payment of 6,000 whose refunds Stripe answers as succeeded, 1,000 each. */
    private Paid paidInPerson(String who) {
        NewDoctor doctor = bookableDoctor();
        String patient = patientToken(uniqueEmail(who));
        OnlineBooking paid = paidStripeBooking(patient, doctor.id(), freeSlots(doctor.id(), "IN_PERSON", 3).get(1),
                "IN_PERSON", IN_PERSON_FEE);
        PROVIDERS.stubFor(post(urlEqualTo("/v1/refunds")).withRequestBody(containing(paid.providerRef()))
                .willReturn(json(200, StripeProviderFaultTests.refundJson(paid.providerRef(), 1000))));
        return new Paid(paid, payment(paid.id()).id());
    }

    private Api.Response refund(UUID paymentId, Map<String, Object> body, String token, String key) {
        return api.send("POST", "/api/v1/admin/payments/" + paymentId + "/refund", body, token,
                key == null ? Map.of() : Map.of("Idempotency-Key", key));
    }

    private List<LoggedRequest> stripeRefunds(String intentId) {
        return PROVIDERS.findAll(postRequestedFor(urlEqualTo("/v1/refunds")).withRequestBody(containing(intentId)));
    }

    @Test
    void aRefundWithoutIdempotencyKeyIsRefusedNamingTheHeader() {
        Paid paid = paidInPerson("nokey");
        String admin = adminToken();

        Api.Response missing = refund(paid.paymentId(), Map.of("amountMinor", 1000), admin, null);
        Api.Response blank = refund(paid.paymentId(), Map.of("amountMinor", 1000), admin, " ");

        for (Api.Response refused : List.of(missing, blank)) {
            assertThat(refused.status()).as(refused.toString()).isEqualTo(400);
            assertThat(refused.problem()).isEqualTo("idempotency-key-required");
            assertThat(refused.body().path("errors").get(0).path("field").asString()).isEqualTo("Idempotency-Key");
        }
        assertThat(ledger(paid.booking().id())).doesNotContain("REFUND_REQUESTED");
        assertThat(stripeRefunds(paid.booking().providerRef())).isEmpty();
    }

    @Test
    void aRepeatedRefundIsOneRefundAnotherBodyWithTheSameKeyIsRefusedAndTwoKeysAreTwoRefunds() {
        Paid paid = paidInPerson("goodwill");
        String admin = adminToken();
        String firstKey = UUID.randomUUID().toString();

        Api.Response accepted = refund(paid.paymentId(), Map.of("amountMinor", 1000, "reason", "late"), admin, firstKey);
        Api.Response repeated = refund(paid.paymentId(), Map.of("amountMinor", 1000, "reason", "late"), admin, firstKey);

        assertThat(accepted.status()).as(accepted.toString()).isEqualTo(202);
        assertThat(accepted.text("paymentId")).isEqualTo(paid.paymentId().toString());
        assertThat(accepted.body().path("amountMinor").asLong()).isEqualTo(1000);
        assertThat(repeated.status()).as(repeated.toString()).isEqualTo(202);
        assertThat(repeated.body()).isEqualTo(accepted.body());
        await().atMost(Duration.ofSeconds(20)).until(() -> payment(paid.booking().id()).refundedMinor() == 1000);

        Api.Response otherAmount = refund(paid.paymentId(), Map.of("amountMinor", 2000, "reason", "late"), admin, firstKey);
        assertThat(otherAmount.status()).as(otherAmount.toString()).isEqualTo(422);
        assertThat(otherAmount.problem()).isEqualTo("idempotency-key-reused");

        Api.Response second = refund(paid.paymentId(), Map.of("amountMinor", 1000, "reason", "late"), admin,
                UUID.randomUUID().toString());
        assertThat(second.status()).as(second.toString()).isEqualTo(202);
        assertThat(second.text("requestId")).isNotEqualTo(accepted.text("requestId"));
        await().atMost(Duration.ofSeconds(20)).until(() -> payment(paid.booking().id()).refundedMinor() == 2000);

        // Sent again after it was carried out, the first refund is still the one refund.
        assertThat(refund(paid.paymentId(), Map.of("amountMinor", 1000, "reason", "late"), admin, firstKey).body())
                .isEqualTo(accepted.body());
        awaitRefundRequestsHandled(paid);
        List<LoggedRequest> calls = stripeRefunds(paid.booking().providerRef());
        assertThat(calls).extracting(call -> call.getHeader("Idempotency-Key"))
                .containsExactly("refund-" + accepted.text("requestId"), "refund-" + second.text("requestId"));
        assertThat(payment(paid.booking().id()).refundedMinor()).isEqualTo(2000);
        assertThat(payment(paid.booking().id()).status()).isEqualTo("PARTIALLY_REFUNDED");
        assertThat(ledgerAmounts(paid.booking().id(), "REFUND_REQUESTED")).containsExactly(1000L, 1000L);
        assertThat(ledgerAmounts(paid.booking().id(), "REFUNDED")).containsExactly(1000L, 1000L);
        assertThat(ledgerNotes(paid.booking().id(), "REFUND_REQUESTED")).as("the reason the back office gave")
                .containsExactly("late", "late");
    }

    @Test
    void oneRefundSentFromManyThreadsAtOnceIsOneRefund() throws Exception {
        Paid paid = paidInPerson("parallel");
        String admin = adminToken();
        String key = UUID.randomUUID().toString();
        int senders = 8;
        CountDownLatch go = new CountDownLatch(1);
        ExecutorService threads = Executors.newFixedThreadPool(senders);
        List<Api.Response> responses = new ArrayList<>();
        try {
            List<Future<Api.Response>> answers = new ArrayList<>();
            for (int i = 0; i < senders; i++) {
                answers.add(threads.submit(() -> {
                    go.await();
                    return refund(paid.paymentId(), Map.of("amountMinor", 1000), admin, key);
                }));
            }
            go.countDown();
            for (Future<Api.Response> answer : answers) {
                responses.add(answer.get(30, TimeUnit.SECONDS));
            }
        } finally {
            threads.shutdownNow();
        }

        assertThat(responses).allSatisfy(response -> {
            assertThat(response.status()).as(response.toString()).isEqualTo(202);
            assertThat(response.body()).isEqualTo(responses.get(0).body());
        });
        await().atMost(Duration.ofSeconds(20)).until(() -> payment(paid.booking().id()).refundedMinor() == 1000);
        awaitRefundRequestsHandled(paid);
        assertThat(stripeRefunds(paid.booking().providerRef())).hasSize(1);
        assertThat(ledgerAmounts(paid.booking().id(), "REFUND_REQUESTED")).containsExactly(1000L);
        assertThat(ledgerNotes(paid.booking().id(), "REFUND_REQUESTED")).as("a refund asked for without a reason")
                .containsExactly("back office");
    }

    @Test
    void aRefusedRefundIsReplayedAsTheSameRefusal() {
        Paid paid = paidInPerson("toomuch");
        String admin = adminToken();
        String key = UUID.randomUUID().toString();

        Api.Response tooMuch = refund(paid.paymentId(), Map.of("amountMinor", IN_PERSON_FEE + 1), admin, key);
        Api.Response again = refund(paid.paymentId(), Map.of("amountMinor", IN_PERSON_FEE + 1), admin, key);

        for (Api.Response refused : List.of(tooMuch, again)) {
            assertThat(refused.status()).as(refused.toString()).isEqualTo(422);
            assertThat(refused.problem()).isEqualTo("refund-not-possible");
        }
        assertThat(again.text("detail")).isEqualTo(tooMuch.text("detail"));
        assertThat(stripeRefunds(paid.booking().providerRef())).isEmpty();
    }

    /**
     * Waits until payments has carried out every refund requested for the payment's booking (a
     * publication is deleted once its listener completed).
     */
    private static void awaitRefundRequestsHandled(Paid paid) {
        await().atMost(Duration.ofSeconds(20)).until(() -> query(
                "SELECT count(*) FROM event_publication WHERE listener_id LIKE '%RefundProcessor%'"
                        + " AND serialized_event LIKE ?",
                rs -> rs.getInt(1), "%" + paid.booking().id() + "%").get(0) == 0);
    }
}
