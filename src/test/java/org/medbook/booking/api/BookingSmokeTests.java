package org.medbook.booking.api;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.medbook.support.StripeTestSigner;
import org.medbook.support.Api;
import org.medbook.support.IntegrationTest;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

class BookingSmokeTests extends IntegrationTest {

    @Test
    void aCashBookingIsConfirmedAndItsSlotCannotBeBookedTwice() {
        NewDoctor doctor = bookableDoctor();
        String slot = freeSlots(doctor.id(), "IN_PERSON", 3).get(2);
        String ann = patientToken(uniqueEmail("ann"));
        String bob = patientToken(uniqueEmail("bob"));

        Api.Response booked = book(ann, doctor.id(), slot, "IN_PERSON", "CASH", UUID.randomUUID().toString());
        assertThat(booked.status()).as(booked.toString()).isEqualTo(201);
        assertThat(booked.text("status")).isEqualTo("CONFIRMED");
        assertThat(booked.body().path("payment").path("status").asString()).isEqualTo("DUE");

        Api.Response taken = book(bob, doctor.id(), slot, "IN_PERSON", "CASH", UUID.randomUUID().toString());
        assertThat(taken.status()).as(taken.toString()).isEqualTo(409);
        assertThat(taken.problem()).isEqualTo("slot-unavailable");
        assertThat(freeSlots(doctor.id(), "IN_PERSON", 3)).doesNotContain(slot);
    }

    @Test
    void aStripeBookingIsHeldThenConfirmedBySignedWebhook() {
        NewDoctor doctor = bookableDoctor();
        String slot = freeSlots(doctor.id(), "VIDEO", 3).get(1);
        String ann = patientToken(uniqueEmail("stripe"));
        String intent = "pi_" + UUID.randomUUID().toString().replace("-", "");
        PROVIDERS.stubFor(post(urlEqualTo("/v1/payment_intents")).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json")
                .withBody("{\"id\":\"" + intent + "\",\"object\":\"payment_intent\",\"amount\":4500,\"currency\":\"eur\","
                        + "\"status\":\"requires_payment_method\",\"client_secret\":\"" + intent + "_secret_x\"}")));

        Api.Response held = book(ann, doctor.id(), slot, "VIDEO", "STRIPE", UUID.randomUUID().toString());
        assertThat(held.status()).as(held.toString()).isEqualTo(201);
        assertThat(held.text("status")).isEqualTo("PENDING_PAYMENT");
        assertThat(held.body().path("payment").path("clientSecret").asString()).isEqualTo(intent + "_secret_x");
        assertThat(held.text("holdExpiresAt")).isNotNull();

        PROVIDERS.stubFor(get(urlEqualTo("/v1/payment_intents/" + intent)).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json")
                .withBody("{\"id\":\"" + intent + "\",\"object\":\"payment_intent\",\"amount\":4500,\"currency\":\"eur\","
                        + "\"status\":\"succeeded\",\"latest_charge\":\"ch_1\"}")));
        String event = "{\"id\":\"evt_" + UUID.randomUUID() + "\",\"object\":\"event\",\"type\":\"payment_intent.succeeded\","
                + "\"data\":{\"object\":{\"id\":\"" + intent + "\",\"object\":\"payment_intent\"}}}";
        String signature = StripeTestSigner.header(event, "whsec_medbook_test", clock.instant().getEpochSecond());
        Api.Response delivered = api.send("POST", "/api/v1/webhooks/stripe", event, null,
                Map.of("Stripe-Signature", signature));
        assertThat(delivered.status()).as(delivered.toString()).isEqualTo(200);

        Api.Response confirmed = api.get("/api/v1/bookings/" + held.text("id"), ann);
        assertThat(confirmed.text("status")).isEqualTo("CONFIRMED");
        assertThat(confirmed.body().path("payment").path("status").asString()).isEqualTo("CAPTURED");
    }

    @Test
    void paymentMethodsAreDiscoveredFromConfiguration() {
        Api.Response methods = api.get("/api/v1/payment-methods", null);
        assertThat(methods.body().path("methods").toString()).isEqualTo("[\"STRIPE\",\"PAYPAL\",\"CASH\"]");
    }


}
