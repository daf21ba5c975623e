package org.medbook.payments.api;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.medbook.support.StripeTestSigner;
import org.medbook.support.Api;
import org.medbook.support.IntegrationTest;
import org.medbook.support.TestDatabase;

import tools.jackson.databind.JsonNode;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the payment tests share: Stripe and PayPal stand-ins on {@link #PROVIDERS}, signed webhook
 * deliveries, and read-only looks at the payment tables (ledger, processed webhook events).
 */
public abstract class PaymentsTestSupport extends IntegrationTest {

    static final String STRIPE_WEBHOOK_SECRET = "whsec_medbook_test";
    static final String PAYPAL_TOKEN = "A21AA-medbook-test-token";

    /** A held (PENDING_PAYMENT) or paid online booking, with who made it and the provider's reference. */
    record OnlineBooking(String id, String patientToken, String doctorId, String slot, String providerRef) {
    }

    // ---------------------------------------------------------------- slots

    /** A free slot starting at least {@code ahead} from now (so free cancellation still applies when it is 2 days). */
    protected String slotAfter(String doctorId, String type, Duration ahead) {
        Instant earliest = clock.instant().plus(ahead);
        return freeSlots(doctorId, type, (int) ahead.toDays() + 3).stream()
                .filter(start -> OffsetDateTime.parse(start).toInstant().isAfter(earliest))
                .findFirst().orElseThrow(() -> new AssertionError("no free " + type + " slot after " + earliest));
    }

    // ---------------------------------------------------------------- Stripe

    static String newIntentId() {
        return "pi_" + UUID.randomUUID().toString().replace("-", "");
    }

    static String intentJson(String intentId, long amount, String status, String latestCharge) {
        return "{\"id\":\"" + intentId + "\",\"object\":\"payment_intent\",\"amount\":" + amount
                + ",\"currency\":\"eur\",\"status\":\"" + status + "\",\"client_secret\":\"" + intentId + "_secret_medbook\""
                + (latestCharge == null ? "" : ",\"latest_charge\":" + latestCharge) + "}";
    }

    /** A charge as Stripe returns it (e.g. expanded into its intent's latest_charge). */
    static String chargeJson(String intentId, long amount, long amountRefunded) {
        return "{\"id\":\"" + chargeOf(intentId) + "\",\"object\":\"charge\",\"amount\":" + amount + ",\"amount_captured\":"
                + amount + ",\"amount_refunded\":" + amountRefunded + ",\"currency\":\"eur\",\"captured\":true,"
                + "\"paid\":true,\"payment_intent\":\"" + intentId + "\",\"refunded\":" + (amountRefunded >= amount)
                + ",\"status\":\"succeeded\"}";
    }

    /** The next POST /v1/payment_intents answers this intent (the newest stub wins in WireMock). */
    static void stubIntentCreation(String intentId, long amount) {
        PROVIDERS.stubFor(post(urlEqualTo("/v1/payment_intents")).willReturn(json(200,
                intentJson(intentId, amount, "requires_payment_method", null))));
    }

    /** What GET /v1/payment_intents/{id} says now (with or without its latest charge expanded): nothing refunded. */
    static void stubIntentStatus(String intentId, long amount, String status) {
        stubIntent(intentId, amount, status, 0);
    }

    /** What GET /v1/payment_intents/{id} says now, its latest charge with this much refunded in all. */
    static void stubIntent(String intentId, long amount, String status, long amountRefunded) {
        PROVIDERS.stubFor(get(urlPathEqualTo("/v1/payment_intents/" + intentId)).willReturn(json(200,
                intentJson(intentId, amount, status, "succeeded".equals(status)
                        ? chargeJson(intentId, amount, amountRefunded) : null))));
    }

    /** What GET /v1/disputes/{id} says now. */
    static void stubDispute(String disputeId, String intentId, long amount, String status, Instant dueBy) {
        PROVIDERS.stubFor(get(urlPathEqualTo("/v1/disputes/" + disputeId)).willReturn(json(200,
                disputeJson(disputeId, intentId, amount, status, dueBy))));
    }

    static String disputeJson(String disputeId, String intentId, long amount, String status, Instant dueBy) {
        return "{\"id\":\"" + disputeId + "\",\"object\":\"dispute\",\"amount\":" + amount + ",\"charge\":\""
                + chargeOf(intentId) + "\",\"currency\":\"eur\",\"payment_intent\":\"" + intentId + "\",\"reason\":\"fraudulent\","
                + "\"status\":\"" + status + "\",\"evidence_details\":{\"due_by\":" + dueBy.getEpochSecond()
                + ",\"has_evidence\":false,\"past_due\":false,\"submission_count\":0}}";
    }

    static String chargeOf(String intentId) {
        return "ch_" + intentId.substring(3);
    }

    static String stripeEvent(String eventId, String type, String objectJson) {
        return "{\"id\":\"" + eventId + "\",\"object\":\"event\",\"api_version\":\"2025-03-31.basil\",\"created\":"
                + Instant.now().getEpochSecond() + ",\"livemode\":false,\"type\":\"" + type + "\",\"data\":{\"object\":"
                + objectJson + "}}";
    }

    static String newEventId() {
        return "evt_" + UUID.randomUUID().toString().replace("-", "");
    }

    static String intentEvent(String eventId, String type, String intentId) {
        return stripeEvent(eventId, type, "{\"id\":\"" + intentId + "\",\"object\":\"payment_intent\"}");
    }

    /** Delivers a Stripe event signed like Stripe does, stamped with the application's clock. */
    protected Api.Response deliverStripe(String payload) {
        return deliverStripe(payload, StripeTestSigner.header(payload, STRIPE_WEBHOOK_SECRET, clock.instant().getEpochSecond()));
    }

    protected Api.Response deliverStripe(String payload, String signatureHeader) {
        Map<String, String> headers = signatureHeader == null ? Map.of() : Map.of("Stripe-Signature", signatureHeader);
        return api.send("POST", "/api/v1/webhooks/stripe", payload, null, headers);
    }

    /** A Stripe booking held for payment: the intent creation is stubbed, the booking answers PENDING_PAYMENT. */
    protected OnlineBooking holdStripeBooking(String patientToken, String doctorId, String slot, String type, long fee) {
        String intentId = newIntentId();
        stubIntentCreation(intentId, fee);
        Api.Response held = book(patientToken, doctorId, slot, type, "STRIPE", UUID.randomUUID().toString());
        assertThat(held.status()).as(held.toString()).isEqualTo(201);
        assertThat(held.text("status")).isEqualTo("PENDING_PAYMENT");
        return new OnlineBooking(held.text("id"), patientToken, doctorId, slot, intentId);
    }

    /** A Stripe booking paid by a signed payment_intent.succeeded (the intent re-read says succeeded). */
    protected OnlineBooking paidStripeBooking(String patientToken, String doctorId, String slot, String type, long fee) {
        OnlineBooking booking = holdStripeBooking(patientToken, doctorId, slot, type, fee);
        stubIntentStatus(booking.providerRef(), fee, "succeeded");
        Api.Response delivered = deliverStripe(intentEvent(newEventId(), "payment_intent.succeeded", booking.providerRef()));
        assertThat(delivered.status()).as(delivered.toString()).isEqualTo(200);
        assertThat(bookingStatus(booking)).isEqualTo("CONFIRMED");
        return booking;
    }

    /** A paid Stripe video booking and the dispute its cardholder opened. */
    public record DisputedBooking(String bookingId, String disputeId) {
    }

    /** Books and pays the doctor's first free video slot, then delivers Stripe's charge.dispute.created for it. */
    protected DisputedBooking disputedStripeBooking(String patientToken, String doctorId, long fee, Duration evidenceDueIn) {
        OnlineBooking booking = paidStripeBooking(patientToken, doctorId, freeSlots(doctorId, "VIDEO", 3).get(0), "VIDEO", fee);
        String ref = "dp_" + booking.providerRef().substring(3);
        Instant dueBy = Instant.ofEpochSecond(clock.instant().plus(evidenceDueIn).getEpochSecond());
        stubDispute(ref, booking.providerRef(), fee, "needs_response", dueBy);
        Api.Response delivered = deliverStripe(stripeEvent(newEventId(), "charge.dispute.created",
                disputeJson(ref, booking.providerRef(), fee, "needs_response", dueBy)));
        assertThat(delivered.status()).as(delivered.toString()).isEqualTo(200);
        JsonNode disputes = api.get("/api/v1/admin/disputes?status=needs_response&size=100", adminToken()).body();
        for (JsonNode dispute : disputes.path("items")) {
            if (dispute.path("providerRef").asString().equals(ref)) {
                return new DisputedBooking(booking.id(), dispute.path("id").asString());
            }
        }
        throw new AssertionError("dispute " + ref + " not listed: " + disputes);
    }

    // ---------------------------------------------------------------- PayPal

    static String newPaypalId(String prefix) {
        return prefix + UUID.randomUUID().toString().replace("-", "").substring(0, 15).toUpperCase(java.util.Locale.ROOT);
    }

    static void stubPaypalToken() {
        PROVIDERS.stubFor(post(urlEqualTo("/v1/oauth2/token")).willReturn(json(200,
                "{\"scope\":\"https://uri.paypal.com/services/payments/payment\",\"access_token\":\"" + PAYPAL_TOKEN
                        + "\",\"token_type\":\"Bearer\",\"app_id\":\"APP-MEDBOOK\",\"expires_in\":32400,\"nonce\":\"n\"}")));
    }

    static String approvalLink(String orderId) {
        return "https://www.sandbox.paypal.com/checkoutnow?token=" + orderId;
    }

    /** The next POST /v2/checkout/orders answers this order, waiting for the payer. */
    static void stubPaypalOrder(String orderId) {
        stubPaypalToken();
        PROVIDERS.stubFor(post(urlEqualTo("/v2/checkout/orders")).willReturn(json(200, paypalOrderJson(orderId))));
    }

    static String paypalOrderJson(String orderId) {
        return "{\"id\":\"" + orderId + "\",\"status\":\"PAYER_ACTION_REQUIRED\",\"payment_source\":{\"paypal\":{}},"
                + "\"links\":[{\"href\":\"https://api.sandbox.paypal.com/v2/checkout/orders/" + orderId
                + "\",\"rel\":\"self\",\"method\":\"GET\"},{\"href\":\"" + approvalLink(orderId)
                + "\",\"rel\":\"payer-action\",\"method\":\"GET\"}]}";
    }

    /** POST /v2/checkout/orders/{id}/capture completes with this capture. */
    static void stubPaypalCapture(String orderId, String captureId, String amount) {
        stubPaypalToken();
        PROVIDERS.stubFor(post(urlEqualTo("/v2/checkout/orders/" + orderId + "/capture")).willReturn(json(201,
                "{\"id\":\"" + orderId + "\",\"status\":\"COMPLETED\",\"purchase_units\":[{\"reference_id\":\"default\","
                        + "\"payments\":{\"captures\":[{\"id\":\"" + captureId + "\",\"status\":\"COMPLETED\","
                        + "\"amount\":{\"currency_code\":\"EUR\",\"value\":\"" + amount + "\"},\"final_capture\":true}]}}]}")));
    }

    static void stubPaypalVerification(String verdict) {
        stubPaypalToken();
        PROVIDERS.stubFor(post(urlEqualTo("/v1/notifications/verify-webhook-signature"))
                .willReturn(json(200, "{\"verification_status\":\"" + verdict + "\"}")));
    }

    /** The transmission headers PayPal sends with every webhook. */
    static Map<String, String> paypalHeaders(String transmissionId) {
        return Map.of(
                "PAYPAL-AUTH-ALGO", "SHA256withRSA",
                "PAYPAL-CERT-URL", "https://api.sandbox.paypal.com/v1/notifications/certs/CERT-360caa42-fca2a594-medbook",
                "PAYPAL-TRANSMISSION-ID", transmissionId,
                "PAYPAL-TRANSMISSION-SIG", "c2lnbmF0dXJlLWJ5LXBheXBhbA==",
                "PAYPAL-TRANSMISSION-TIME", Instant.now().toString());
    }

    static String paypalEvent(String eventId, String type, String resourceType, String resourceJson) {
        return "{\"id\":\"" + eventId + "\",\"event_version\":\"1.0\",\"create_time\":\"" + Instant.now()
                + "\",\"resource_type\":\"" + resourceType + "\",\"resource_version\":\"2.0\",\"event_type\":\"" + type
                + "\",\"summary\":\"test\",\"resource\":" + resourceJson + "}";
    }

    /** PAYMENT.CAPTURE.COMPLETED: the resource is the capture, which names its order in supplementary_data. */
    static String captureCompletedEvent(String eventId, String orderId, String captureId, String amount) {
        return paypalEvent(eventId, "PAYMENT.CAPTURE.COMPLETED", "capture",
                "{\"id\":\"" + captureId + "\",\"status\":\"COMPLETED\",\"amount\":{\"currency_code\":\"EUR\",\"value\":\""
                        + amount + "\"},\"final_capture\":true,\"supplementary_data\":{\"related_ids\":{\"order_id\":\""
                        + orderId + "\"}},\"links\":[{\"href\":\"https://api.sandbox.paypal.com/v2/payments/captures/"
                        + captureId + "\",\"rel\":\"self\",\"method\":\"GET\"}]}");
    }

    /**
     * PAYMENT.CAPTURE.REFUNDED as PayPal's Payments v2 schema describes the resource: a refund with
     * its own amount, the capture's running total in seller_payable_breakdown.total_refunded_amount,
     * and a link up to the refunded capture (a refund carries no supplementary_data).
     */
    static String captureRefundedEvent(String eventId, String refundId, String captureId, String amount, String total) {
        return paypalEvent(eventId, "PAYMENT.CAPTURE.REFUNDED", "refund",
                "{\"id\":\"" + refundId + "\",\"status\":\"COMPLETED\",\"amount\":{\"currency_code\":\"EUR\",\"value\":\""
                        + amount + "\"},\"seller_payable_breakdown\":{\"gross_amount\":{\"currency_code\":\"EUR\",\"value\":\""
                        + amount + "\"},\"net_amount\":{\"currency_code\":\"EUR\",\"value\":\"" + amount + "\"},"
                        + "\"total_refunded_amount\":{\"currency_code\":\"EUR\",\"value\":\"" + total + "\"}},"
                        + "\"links\":[{\"href\":\"https://api.sandbox.paypal.com/v2/payments/refunds/" + refundId
                        + "\",\"rel\":\"self\",\"method\":\"GET\"},{\"href\":\"https://api.sandbox.paypal.com/v2/payments/captures/"
                        + captureId + "\",\"rel\":\"up\",\"method\":\"GET\"}]}");
    }

    protected Api.Response deliverPaypal(String payload, Map<String, String> headers) {
        return api.send("POST", "/api/v1/webhooks/paypal", payload, null, headers);
    }

    /** A PayPal booking waiting for the payer's approval at PayPal. */
    protected OnlineBooking holdPaypalBooking(String patientToken, String doctorId, String slot, String type) {
        String orderId = newPaypalId("ORD");
        stubPaypalOrder(orderId);
        Api.Response held = book(patientToken, doctorId, slot, type, "PAYPAL", UUID.randomUUID().toString());
        assertThat(held.status()).as(held.toString()).isEqualTo(201);
        assertThat(held.text("status")).isEqualTo("PENDING_PAYMENT");
        return new OnlineBooking(held.text("id"), patientToken, doctorId, slot, orderId);
    }

    // ---------------------------------------------------------------- looking at the results

    static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder json(int status, String body) {
        return aResponse().withStatus(status).withHeader("Content-Type", "application/json").withBody(body);
    }

    protected String bookingStatus(OnlineBooking booking) {
        Api.Response view = api.get("/api/v1/bookings/" + booking.id(), booking.patientToken());
        assertThat(view.status()).as(view.toString()).isEqualTo(200);
        return view.text("status");
    }

    /** The payment's row: status, refunded_minor, provider_ref, capture_ref. */
    static PaymentRow payment(String bookingId) {
        return query("SELECT id, status, amount_minor, refunded_minor, provider_ref, capture_ref FROM payments WHERE booking_id = ?",
                rs -> new PaymentRow(rs.getObject(1, UUID.class), rs.getString(2), rs.getLong(3), rs.getLong(4),
                        rs.getString(5), rs.getString(6)), UUID.fromString(bookingId))
                .stream().findFirst().orElseThrow(() -> new AssertionError("no payment for booking " + bookingId));
    }

    record PaymentRow(UUID id, String status, long amountMinor, long refundedMinor, String providerRef, String captureRef) {
    }

    /** The ledger entries of a booking's payment, oldest first. */
    static List<String> ledger(String bookingId) {
        return query("""
                SELECT l.entry FROM payment_ledger l JOIN payments p ON p.id = l.payment_id
                WHERE p.booking_id = ? ORDER BY l.id""", rs -> rs.getString(1), UUID.fromString(bookingId));
    }

    static List<Long> ledgerAmounts(String bookingId, String entry) {
        return query("""
                SELECT l.amount_minor FROM payment_ledger l JOIN payments p ON p.id = l.payment_id
                WHERE p.booking_id = ? AND l.entry = ? ORDER BY l.id""", rs -> rs.getLong(1), UUID.fromString(bookingId), entry);
    }

    /** The notes of a booking's ledger entries of one kind, oldest first. */
    static List<String> ledgerNotes(String bookingId, String entry) {
        return query("""
                SELECT l.note FROM payment_ledger l JOIN payments p ON p.id = l.payment_id
                WHERE p.booking_id = ? AND l.entry = ? ORDER BY l.id""", rs -> rs.getString(1), UUID.fromString(bookingId), entry);
    }

    static int webhookEvents(String provider, String eventId) {
        return query("SELECT count(*) FROM webhook_events WHERE provider = ? AND event_id = ?", rs -> rs.getInt(1),
                provider, eventId).get(0);
    }

    static String appointmentStatus(String bookingId) {
        return query("SELECT status FROM appointments WHERE id = ?", rs -> rs.getString(1), UUID.fromString(bookingId)).get(0);
    }

    interface RowReader<T> {
        T read(ResultSet rs) throws SQLException;
    }

    static <T> List<T> query(String sql, RowReader<T> reader, Object... parameters) {
        try (Connection db = TestDatabase.connect(); PreparedStatement statement = db.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                statement.setObject(i + 1, parameters[i]);
            }
            List<T> rows = new ArrayList<>();
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    rows.add(reader.read(rs));
                }
            }
            return rows;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
