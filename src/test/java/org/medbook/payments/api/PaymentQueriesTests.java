package org.medbook.payments.api;

import java.lang.reflect.Constructor;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.medbook.payments.PaymentMethod;
import org.medbook.payments.Payments;
import org.medbook.payments.application.PaymentsProperties;
import org.medbook.shared.MedbookException;
import org.medbook.shared.Money;
import org.medbook.support.Api;
import org.medbook.support.TestDatabase;

import tools.jackson.databind.JsonNode;

import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** Reading payments (patients, back office), which methods are offered, back-office refunds, the append-only ledger. */
class PaymentQueriesTests extends PaymentsTestSupport {

    private static final long IN_PERSON_FEE = 6000;
    private static final long VIDEO_FEE = 4500;

    @Test
    void theTestConfigurationOffersStripePaypalAndCash() {
        Api.Response methods = api.get("/api/v1/payment-methods", null);

        assertThat(methods.status()).as(methods.toString()).isEqualTo(200);
        assertThat(methods.body().path("methods").toString()).isEqualTo("[\"STRIPE\",\"PAYPAL\",\"CASH\"]");
    }

    // ---------------------------------------------------------------- offered methods, without Spring

    private static PaymentsProperties.Stripe stripe(String apiKey, String webhookSecret) {
        return new PaymentsProperties.Stripe("https://api.stripe.com", "https://files.stripe.com", apiKey, webhookSecret,
                Duration.ofMinutes(5),
                Duration.ofSeconds(3), Duration.ofSeconds(10), 2);
    }

    private static PaymentsProperties.Paypal paypal(String clientId, String clientSecret, String webhookId) {
        return new PaymentsProperties.Paypal("https://api-m.paypal.com", clientId, clientSecret, webhookId, null, null,
                Duration.ofSeconds(3), Duration.ofSeconds(10), 2);
    }

    /** The real service (package-private, hence reflection) with nothing but its properties and a clock. */
    private static Payments service(PaymentsProperties properties) throws ReflectiveOperationException {
        Class<?> type = Class.forName("org.medbook.payments.application.PaymentsService");
        Constructor<?> constructor = type.getDeclaredConstructors()[0];
        constructor.setAccessible(true);
        Object[] arguments = new Object[constructor.getParameterCount()];
        Class<?>[] parameters = constructor.getParameterTypes();
        for (int i = 0; i < parameters.length; i++) {
            if (parameters[i] == PaymentsProperties.class) {
                arguments[i] = properties;
            } else if (parameters[i] == Clock.class) {
                arguments[i] = Clock.systemUTC();
            }
        }
        return (Payments) constructor.newInstance(arguments);
    }

    @Test
    void withoutProviderKeysOnlyCashIsOffered() throws Exception {
        PaymentsProperties unconfigured = new PaymentsProperties(null, null, true, null);
        assertThat(unconfigured.stripe().enabled()).isFalse();
        assertThat(unconfigured.paypal().enabled()).isFalse();
        assertThat(unconfigured.stripe().apiBase()).isEqualTo("https://api.stripe.com");
        assertThat(unconfigured.paypal().baseUrl()).isEqualTo("https://api-m.paypal.com");

        Payments payments = service(unconfigured);

        assertThat(payments.availableMethods()).containsExactly(PaymentMethod.CASH);
        for (PaymentMethod online : List.of(PaymentMethod.STRIPE, PaymentMethod.PAYPAL)) {
            assertThatThrownBy(() -> payments.start(new Payments.StartPayment(UUID.randomUUID(), UUID.randomUUID(),
                    UUID.randomUUID(), online, new Money(6000, "EUR"), "visit")))
                    .isInstanceOfSatisfying(MedbookException.class,
                            refused -> assertThat(refused.slug()).isEqualTo("payment-method-unavailable"));
        }
    }

    @Test
    void aProviderIsOfferedOnlyWhenFullyConfigured() throws Exception {
        assertThat(service(new PaymentsProperties(stripe("sk_live_x", null), paypal("id", "secret", null), true, null))
                .availableMethods()).containsExactly(PaymentMethod.CASH);
        assertThat(service(new PaymentsProperties(stripe(" ", "whsec_x"), paypal(null, "secret", "WH-1"), true, null))
                .availableMethods()).containsExactly(PaymentMethod.CASH);
        assertThat(service(new PaymentsProperties(stripe("sk_live_x", "whsec_x"), paypal("id", "", "WH-1"), true, null))
                .availableMethods()).containsExactly(PaymentMethod.STRIPE, PaymentMethod.CASH);
        assertThat(service(new PaymentsProperties(stripe("sk_live_x", "whsec_x"), paypal("id", "secret", "WH-1"), true, null))
                .availableMethods()).containsExactly(PaymentMethod.STRIPE, PaymentMethod.PAYPAL, PaymentMethod.CASH);
        assertThat(service(new PaymentsProperties(stripe(null, null), paypal("id", "secret", "WH-1"), false, null))
                .availableMethods()).containsExactly(PaymentMethod.PAYPAL);
        assertThat(service(new PaymentsProperties(null, null, false, null)).availableMethods()).isEmpty();
    }

    // ---------------------------------------------------------------- patients see their own

    @Test
    void aPatientSeesOnlyTheirOwnPayments() {
        NewDoctor doctor = bookableDoctor();
        List<String> slots = freeSlots(doctor.id(), "IN_PERSON", 3);
        String ann = patientToken(uniqueEmail("ann"));
        String bob = patientToken(uniqueEmail("bob"));
        Api.Response annBooking = book(ann, doctor.id(), slots.get(1), "IN_PERSON", "CASH", UUID.randomUUID().toString());
        Api.Response bobBooking = book(bob, doctor.id(), slots.get(2), "IN_PERSON", "CASH", UUID.randomUUID().toString());
        assertThat(annBooking.status()).as(annBooking.toString()).isEqualTo(201);
        assertThat(bobBooking.status()).as(bobBooking.toString()).isEqualTo(201);

        Api.Response annSees = api.get("/api/v1/payments?size=100", ann);
        Api.Response bobSees = api.get("/api/v1/payments?size=100", bob);

        assertThat(annSees.status()).as(annSees.toString()).isEqualTo(200);
        assertThat(annSees.body().path("items").findValuesAsString("bookingId")).containsExactly(annBooking.text("id"));
        assertThat(annSees.body().path("items").findValuesAsString("patientId")).containsOnly(annBooking.text("patientId"));
        assertThat(annSees.body().path("totalItems").asLong()).isEqualTo(1);
        JsonNode annPayment = annSees.body().path("items").get(0);
        assertThat(annPayment.path("method").asString()).isEqualTo("CASH");
        assertThat(annPayment.path("status").asString()).isEqualTo("DUE");
        assertThat(annPayment.path("amountMinor").asLong()).isEqualTo(IN_PERSON_FEE);
        assertThat(bobSees.body().path("items").findValuesAsString("bookingId")).containsExactly(bobBooking.text("id"));

        assertThat(api.get("/api/v1/payments", null).status()).isEqualTo(401);
    }

    // ---------------------------------------------------------------- the back office

    @Test
    void theBackOfficeFiltersPaymentsByStatusMethodDoctorPatientAndDate() {
        NewDoctor doctor = bookableDoctor();
        NewDoctor otherDoctor = bookableDoctor();
        List<String> slots = freeSlots(doctor.id(), "IN_PERSON", 3);
        String cashPatient = patientToken(uniqueEmail("cash"));
        String paidPatient = patientToken(uniqueEmail("paid"));
        String heldPatient = patientToken(uniqueEmail("held"));

        Api.Response cash = book(cashPatient, doctor.id(), slots.get(1), "IN_PERSON", "CASH", UUID.randomUUID().toString());
        assertThat(cash.status()).as(cash.toString()).isEqualTo(201);
        Api.Response elsewhere = book(cashPatient, otherDoctor.id(), freeSlots(otherDoctor.id(), "IN_PERSON", 3).get(5),
                "IN_PERSON", "CASH", UUID.randomUUID().toString());
        assertThat(elsewhere.status()).as(elsewhere.toString()).isEqualTo(201);
        Instant between = clock.instant();
        OnlineBooking paid = paidStripeBooking(paidPatient, doctor.id(), slots.get(2), "IN_PERSON", IN_PERSON_FEE);
        OnlineBooking held = holdStripeBooking(heldPatient, doctor.id(), slots.get(3), "IN_PERSON", IN_PERSON_FEE);
        String admin = adminToken();
        String byDoctor = "/api/v1/admin/payments?size=100&doctorId=" + doctor.id();

        assertThat(bookings(admin, byDoctor)).containsExactlyInAnyOrder(cash.text("id"), paid.id(), held.id());
        assertThat(bookings(admin, byDoctor + "&status=CAPTURED")).containsExactly(paid.id());
        assertThat(bookings(admin, byDoctor + "&status=PENDING")).containsExactly(held.id());
        assertThat(bookings(admin, byDoctor + "&method=CASH")).containsExactly(cash.text("id"));
        assertThat(bookings(admin, byDoctor + "&method=STRIPE")).containsExactlyInAnyOrder(paid.id(), held.id());
        assertThat(bookings(admin, byDoctor + "&method=PAYPAL")).isEmpty();
        assertThat(bookings(admin, byDoctor + "&method=STRIPE&status=PENDING")).containsExactly(held.id());
        assertThat(bookings(admin, byDoctor + "&from=" + between)).containsExactlyInAnyOrder(paid.id(), held.id());
        assertThat(bookings(admin, byDoctor + "&to=" + between)).containsExactly(cash.text("id"));
        assertThat(bookings(admin, byDoctor + "&from=" + between.plus(Duration.ofDays(1)))).isEmpty();
        assertThat(bookings(admin, "/api/v1/admin/payments?size=100&patientId=" + cash.text("patientId")))
                .containsExactlyInAnyOrder(cash.text("id"), elsewhere.text("id"));
        assertThat(bookings(admin, "/api/v1/admin/payments?size=100&status=CAPTURED&patientId=" + cash.text("patientId")))
                .isEmpty();

        Api.Response page = api.get(byDoctor.replace("size=100", "size=2"), admin);
        assertThat(page.body().path("items").size()).isEqualTo(2);
        assertThat(page.body().path("totalItems").asLong()).isEqualTo(3);

        Api.Response badStatus = api.get(byDoctor + "&status=SOMETHING", admin);
        assertThat(badStatus.status()).as(badStatus.toString()).isEqualTo(400);
    }

    private List<String> bookings(String token, String path) {
        Api.Response page = api.get(path, token);
        assertThat(page.status()).as(path + " -> " + page).isEqualTo(200);
        return page.body().path("items").findValuesAsString("bookingId");
    }

    @Test
    void aHelperWhoMayReadPaymentsCannotRefundThem() {
        NewDoctor doctor = bookableDoctor();
        String patient = patientToken(uniqueEmail("readonly"));
        OnlineBooking paid = paidStripeBooking(patient, doctor.id(), freeSlots(doctor.id(), "VIDEO", 3).get(1), "VIDEO",
                VIDEO_FEE);
        UUID paymentId = payment(paid.id()).id();
        String reader = helperToken(List.of("payments:read"));

        Api.Response listed = api.get("/api/v1/admin/payments?size=100&doctorId=" + doctor.id(), reader);
        assertThat(listed.status()).as(listed.toString()).isEqualTo(200);
        assertThat(listed.body().path("items").findValuesAsString("id")).containsExactly(paymentId.toString());
        assertThat(api.get("/api/v1/admin/disputes", reader).status()).isEqualTo(200);

        Api.Response refused = refund(paymentId, Map.of("amountMinor", 1000, "reason", "goodwill"), reader);

        assertThat(refused.status()).as(refused.toString()).isEqualTo(403);
        assertThat(api.patch("/api/v1/admin/disputes/" + UUID.randomUUID(), Map.of("note", "x"), reader).status())
                .isEqualTo(403);
        assertThat(payment(paid.id()).status()).isEqualTo("CAPTURED");
        assertThat(ledger(paid.id())).doesNotContain("REFUND_REQUESTED");
        PROVIDERS.verify(0, postRequestedFor(urlEqualTo("/v1/refunds")).withRequestBody(containing(paid.providerRef())));

        assertThat(api.get("/api/v1/admin/payments", patient).status()).isEqualTo(403);
    }

    @Test
    void aHelperWhoManagesDisputesRefundsPartOfAPaymentButNotMoreThanIsLeft() {
        NewDoctor doctor = bookableDoctor();
        String patient = patientToken(uniqueEmail("goodwill"));
        OnlineBooking paid = paidStripeBooking(patient, doctor.id(), freeSlots(doctor.id(), "VIDEO", 3).get(1), "VIDEO",
                VIDEO_FEE);
        UUID paymentId = payment(paid.id()).id();
        PROVIDERS.stubFor(post(urlEqualTo("/v1/refunds")).withRequestBody(containing(paid.providerRef()))
                .willReturn(json(200, StripeProviderFaultTests.refundJson(paid.providerRef(), 1500))));
        String manager = helperToken(List.of("disputes:manage"));

        Api.Response accepted = refund(paymentId, Map.of("amountMinor", 1500, "reason", "doctor was late"), manager);

        assertThat(accepted.status()).as(accepted.toString()).isEqualTo(202);
        await().atMost(Duration.ofSeconds(20)).until(() -> payment(paid.id()).status().equals("PARTIALLY_REFUNDED"));
        assertThat(payment(paid.id()).refundedMinor()).isEqualTo(1500);
        PROVIDERS.verify(1, postRequestedFor(urlEqualTo("/v1/refunds"))
                .withRequestBody(containing("payment_intent=" + paid.providerRef()))
                .withRequestBody(containing("amount=1500")));
        assertThat(bookingStatus(paid)).isEqualTo("CONFIRMED");

        Api.Response tooMuch = refund(paymentId, Map.of("amountMinor", VIDEO_FEE - 1500 + 1, "reason", "more than is left"), manager);
        assertThat(tooMuch.status()).as(tooMuch.toString()).isEqualTo(422);
        assertThat(tooMuch.problem()).isEqualTo("refund-not-possible");

        Api.Response nothing = refund(paymentId, Map.of("amountMinor", 0, "reason", "zero"), manager);
        assertThat(nothing.status()).as(nothing.toString()).isEqualTo(400);

        Api.Response unknown = refund(UUID.randomUUID(), Map.of("amountMinor", 100, "reason", "nobody"), manager);
        assertThat(unknown.status()).as(unknown.toString()).isEqualTo(404);

        assertThat(api.get("/api/v1/admin/payments", manager).status()).isEqualTo(403);
        assertThat(api.get("/api/v1/admin/disputes", manager).status()).isEqualTo(200);
        PROVIDERS.verify(1, postRequestedFor(urlEqualTo("/v1/refunds")).withRequestBody(containing(paid.providerRef())));
        assertThat(payment(paid.id()).refundedMinor()).isEqualTo(1500);
    }

    @Test
    void anUnpaidPaymentCannotBeRefunded() {
        NewDoctor doctor = bookableDoctor();
        String patient = patientToken(uniqueEmail("unpaid"));
        OnlineBooking held = holdStripeBooking(patient, doctor.id(), freeSlots(doctor.id(), "VIDEO", 3).get(1), "VIDEO",
                VIDEO_FEE);

        Api.Response refused = refund(payment(held.id()).id(), Map.of("reason", "whole"), adminToken());

        assertThat(refused.status()).as(refused.toString()).isEqualTo(422);
        assertThat(refused.problem()).isEqualTo("refund-not-possible");
    }

    /** A back-office refund under a fresh Idempotency-Key. */
    private Api.Response refund(Object paymentId, Map<String, Object> body, String token) {
        return api.send("POST", "/api/v1/admin/payments/" + paymentId + "/refund", body, token,
                Map.of("Idempotency-Key", UUID.randomUUID().toString()));
    }

    // ---------------------------------------------------------------- the ledger

    @Test
    void theLedgerRefusesUpdatesAndDeletes() throws SQLException {
        NewDoctor doctor = bookableDoctor();
        String patient = patientToken(uniqueEmail("ledger"));
        Api.Response cash = book(patient, doctor.id(), freeSlots(doctor.id(), "IN_PERSON", 3).get(1), "IN_PERSON", "CASH",
                UUID.randomUUID().toString());
        assertThat(cash.status()).as(cash.toString()).isEqualTo(201);
        String bookingId = cash.text("id");
        UUID paymentId = payment(bookingId).id();
        assertThat(ledger(bookingId)).containsExactly("CASH_DUE");

        try (Connection db = TestDatabase.connect(); Statement sql = db.createStatement()) {
            assertThatThrownBy(() -> sql.executeUpdate(
                    "UPDATE payment_ledger SET amount_minor = 1 WHERE payment_id = '" + paymentId + "'"))
                    .isInstanceOf(SQLException.class).hasMessageContaining("append-only");
            assertThatThrownBy(() -> sql.executeUpdate("DELETE FROM payment_ledger WHERE payment_id = '" + paymentId + "'"))
                    .isInstanceOf(SQLException.class).hasMessageContaining("append-only");
            // Appending is what it is for.
            assertThat(sql.executeUpdate("INSERT INTO payment_ledger (payment_id, recorded_at, entry, amount_minor, currency)"
                    + " VALUES ('" + paymentId + "', now(), 'NOTE', 0, 'EUR')")).isEqualTo(1);
        }

        assertThat(ledger(bookingId)).containsExactly("CASH_DUE", "NOTE");
        assertThat(ledgerAmounts(bookingId, "CASH_DUE")).containsExactly(IN_PERSON_FEE);
    }
}
