package org.medbook.payments.api;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.medbook.support.Api;

import tools.jackson.databind.JsonNode;

import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The back office's payment views: totals of a filtered set, the stuck payments (unpaid past their hold,
 * refunds the provider has not confirmed after a day), the failed ones, and refunding from a list.
 */
class PaymentBackOfficeViewsTests extends PaymentsTestSupport {

    private static final String PAYMENTS = "/api/v1/admin/payments";
    private static final long IN_PERSON_FEE = 6000;
    private static final long VIDEO_FEE = 4500;

    @Test
    void totalsSumTheFilteredSetByCurrencyWithRefundsAndNet() {
        NewDoctor doctor = bookableDoctor();
        List<String> inPerson = freeSlots(doctor.id(), "IN_PERSON", 3);
        String ann = patientToken(uniqueEmail("totals-ann"));
        String bob = patientToken(uniqueEmail("totals-bob"));
        OnlineBooking paid = paidStripeBooking(ann, doctor.id(), inPerson.get(0), "IN_PERSON", IN_PERSON_FEE);
        assertThat(book(ann, doctor.id(), inPerson.get(1), "IN_PERSON", "CASH", UUID.randomUUID().toString()).status())
                .isEqualTo(201);
        paidStripeBooking(bob, doctor.id(), freeSlots(doctor.id(), "VIDEO", 3).get(0), "VIDEO", VIDEO_FEE);
        PROVIDERS.stubFor(post(urlEqualTo("/v1/refunds")).withRequestBody(containing(paid.providerRef()))
                .willReturn(json(200, StripeProviderFaultTests.refundJson(paid.providerRef(), 1500))));
        Api.Response refunded = refund(payment(paid.id()).id(), Map.of("amountMinor", 1500), adminToken());
        assertThat(refunded.status()).as(refunded.toString()).isEqualTo(202);
        await().atMost(Duration.ofSeconds(20)).until(() -> payment(paid.id()).refundedMinor() == 1500);
        String reader = helperToken(List.of("payments:read"));

        JsonNode all = totals("doctorId=" + doctor.id(), reader);
        assertThat(all.path("count").asLong()).isEqualTo(3);
        JsonNode eur = all.path("byCurrency").get(0);
        assertThat(all.path("byCurrency").size()).isEqualTo(1);
        assertThat(eur.path("currency").asString()).isEqualTo("EUR");
        assertThat(eur.path("count").asLong()).isEqualTo(3);
        assertThat(eur.path("amountMinor").asLong()).isEqualTo(IN_PERSON_FEE * 2 + VIDEO_FEE);
        assertThat(eur.path("collectedMinor").asLong()).as("the cash is still due").isEqualTo(IN_PERSON_FEE + VIDEO_FEE);
        assertThat(eur.path("refundedMinor").asLong()).isEqualTo(1500);
        assertThat(eur.path("netMinor").asLong()).isEqualTo(IN_PERSON_FEE + VIDEO_FEE - 1500);

        String annId = api.get("/api/v1/me", ann).text("id");
        JsonNode annsOnline = totals("doctorId=" + doctor.id() + "&patientId=" + annId + "&method=STRIPE", reader);
        assertThat(annsOnline.path("count").asLong()).isEqualTo(1);
        assertThat(annsOnline.path("byCurrency").get(0).path("netMinor").asLong()).isEqualTo(IN_PERSON_FEE - 1500);
        assertThat(totals("doctorId=" + doctor.id() + "&status=DUE", reader).path("byCurrency").get(0)
                .path("collectedMinor").asLong()).isZero();
        assertThat(totals("doctorId=" + doctor.id() + "&to=2000-01-01T00:00:00Z", reader).path("count").asLong()).isZero();
        assertThat(api.get(PAYMENTS + "/totals?view=sideways", reader).status()).isEqualTo(400);
        assertThat(api.get(PAYMENTS + "/totals", patientToken(uniqueEmail("nosy"))).status()).isEqualTo(403);
        assertThat(api.get(PAYMENTS + "/totals", helperToken(List.of("disputes:manage"))).status()).isEqualTo(403);
    }

    @Test
    void anOnlinePaymentStillUnpaidPastItsHoldIsStuck() {
        NewDoctor doctor = bookableDoctor();
        String admin = adminToken();
        String stuck = PAYMENTS + "?view=stuck&doctorId=" + doctor.id();
        List<String> slots = freeSlots(doctor.id(), "IN_PERSON", 3);
        // The expiry job releases such holds within half a minute, so the view is read right after the clock
        // passes the hold; should the job win that race, the next hold is tried.
        for (int attempt = 0; ; attempt++) {
            OnlineBooking held = holdStripeBooking(patientToken(uniqueEmail("stuck-hold")), doctor.id(), slots.get(attempt),
                    "IN_PERSON", IN_PERSON_FEE);
            assertThat(ids(api.get(stuck, admin))).as("a hold within its time is not stuck")
                    .doesNotContain(payment(held.id()).id().toString());
            clock.advance(Duration.ofMinutes(11));
            admin = adminToken();
            List<String> listed = ids(api.get(stuck, admin));
            if (!payment(held.id()).status().equals("PENDING") && attempt < 2) {
                continue;
            }
            assertThat(listed).contains(payment(held.id()).id().toString());
            JsonNode counted = totals("view=stuck&doctorId=" + doctor.id(), admin);
            assertThat(counted.path("count").asLong()).isEqualTo(listed.size());
            Api.Response refused = refund(payment(held.id()).id(), null, admin);
            assertThat(refused.status()).as("nothing was paid, so nothing is refunded").isEqualTo(422);
            assertThat(refused.problem()).isEqualTo("refund-not-possible");
            return;
        }
    }

    @Test
    void aRefundTheProviderHasNotConfirmedAfterADayIsStuckAndAFailedPaymentIsListedAsFailed() {
        NewDoctor doctor = bookableDoctor();
        String admin = adminToken();
        OnlineBooking paid = paidStripeBooking(patientToken(uniqueEmail("slow-refund")), doctor.id(),
                freeSlots(doctor.id(), "IN_PERSON", 3).get(0), "IN_PERSON", IN_PERSON_FEE);
        String paymentId = payment(paid.id()).id().toString();
        PROVIDERS.stubFor(post(urlEqualTo("/v1/refunds")).withRequestBody(containing(paid.providerRef()))
                .willReturn(json(200, "{\"id\":\"re_" + paid.providerRef().substring(3) + "\",\"object\":\"refund\","
                        + "\"amount\":" + IN_PERSON_FEE + ",\"currency\":\"eur\",\"payment_intent\":\""
                        + paid.providerRef() + "\",\"status\":\"pending\"}")));

        // Refunded from the list the back office filters to this doctor's captured payments.
        List<String> captured = ids(api.get(PAYMENTS + "?status=CAPTURED&doctorId=" + doctor.id(), admin));
        assertThat(captured).containsExactly(paymentId);
        Api.Response accepted = refund(UUID.fromString(captured.get(0)), null, admin);
        assertThat(accepted.status()).as(accepted.toString()).isEqualTo(202);
        await().atMost(Duration.ofSeconds(20)).until(() -> payment(paid.id()).status().equals("REFUND_PENDING"));
        Api.Response again = refund(UUID.fromString(paymentId), Map.of("amountMinor", 1), admin);
        assertThat(again.status()).as("the whole amount is already being refunded: " + again).isEqualTo(422);
        assertThat(again.problem()).isEqualTo("refund-not-possible");
        assertThat(again.body().path("detail").asString()).contains(IN_PERSON_FEE + " more is already being refunded");
        PROVIDERS.verify(1, postRequestedFor(urlEqualTo("/v1/refunds")).withRequestBody(containing(paid.providerRef())));

        String stuck = PAYMENTS + "?view=stuck&doctorId=" + doctor.id();
        assertThat(ids(api.get(stuck, admin))).as("asked for just now").isEmpty();
        clock.advance(Duration.ofHours(23));
        admin = adminToken();
        assertThat(ids(api.get(stuck, admin))).isEmpty();
        clock.advance(Duration.ofHours(1).plusMinutes(1));
        admin = adminToken();
        assertThat(ids(api.get(stuck, admin))).containsExactly(paymentId);
        assertThat(ids(api.get(stuck + "&method=PAYPAL", admin))).as("the other filters narrow the view").isEmpty();

        // A payment the card issuer declined is in the failed view, and only there.
        OnlineBooking declined = holdStripeBooking(patientToken(uniqueEmail("declined")), doctor.id(),
                freeSlots(doctor.id(), "VIDEO", 3).get(0), "VIDEO", VIDEO_FEE);
        stubIntentStatus(declined.providerRef(), VIDEO_FEE, "requires_payment_method");
        assertThat(deliverStripe(intentEvent(newEventId(), "payment_intent.payment_failed", declined.providerRef()))
                .status()).isEqualTo(200);
        String failedId = payment(declined.id()).id().toString();
        assertThat(ids(api.get(PAYMENTS + "?view=failed&doctorId=" + doctor.id(), admin))).containsExactly(failedId);
        assertThat(ids(api.get(stuck, admin))).doesNotContain(failedId);
        assertThat(totals("view=failed&doctorId=" + doctor.id(), admin).path("byCurrency").get(0)
                .path("collectedMinor").asLong()).isZero();
        Api.Response refused = refund(UUID.fromString(failedId), null, admin);
        assertThat(refused.status()).isEqualTo(422);
        assertThat(refused.problem()).isEqualTo("refund-not-possible");
    }

    @Test
    void theViewsNeedPaymentsReadAndRefundingNeedsDisputesManage() {
        NewDoctor doctor = bookableDoctor();
        OnlineBooking paid = paidStripeBooking(patientToken(uniqueEmail("perm")), doctor.id(),
                freeSlots(doctor.id(), "IN_PERSON", 3).get(0), "IN_PERSON", IN_PERSON_FEE);
        String reader = helperToken(List.of("payments:read"));
        String manager = helperToken(List.of("disputes:manage"));

        assertThat(api.get(PAYMENTS + "?view=stuck", reader).status()).isEqualTo(200);
        assertThat(api.get(PAYMENTS + "?view=failed", reader).status()).isEqualTo(200);
        assertThat(api.get(PAYMENTS + "?view=stuck", manager).status()).isEqualTo(403);
        assertThat(refund(payment(paid.id()).id(), null, reader).status()).isEqualTo(403);
    }

    private Api.Response refund(UUID paymentId, Map<String, Object> body, String token) {
        return api.send("POST", PAYMENTS + "/" + paymentId + "/refund", body, token,
                Map.of("Idempotency-Key", UUID.randomUUID().toString()));
    }

    private JsonNode totals(String query, String token) {
        Api.Response totals = api.get(PAYMENTS + "/totals?" + query, token);
        assertThat(totals.status()).as(totals.toString()).isEqualTo(200);
        return totals.body();
    }

    private static List<String> ids(Api.Response page) {
        assertThat(page.status()).as(page.toString()).isEqualTo(200);
        return page.body().path("items").findValuesAsString("id");
    }
}
