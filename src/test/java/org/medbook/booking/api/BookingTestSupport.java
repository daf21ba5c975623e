package org.medbook.booking.api;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.medbook.support.StripeTestSigner;
import org.medbook.support.Api;
import org.medbook.support.IntegrationTest;
import org.medbook.support.TestDatabase;

import tools.jackson.databind.JsonNode;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.matching;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * What the booking tests share: patients signed in from their own client address, slots by wall-clock
 * time in the doctor's zone (the bookable doctor works in Berlin), Stripe stand-ins on WireMock and
 * direct looks at the appointments table.
 */
public abstract class BookingTestSupport extends IntegrationTest {

    protected static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
    protected static final String BOOKINGS = "/api/v1/bookings";
    protected static final String DOCTOR_BOOKINGS = "/api/v1/doctor/bookings";
    protected static final long VIDEO_FEE = 4500;

    /** A signed-in patient; sign in again after moving the clock past the token's lifetime. */
    protected final class Patient {

        public final String email;
        public String token;

        Patient(String email) {
            this.email = email;
            this.token = signIn();
        }

        public String signIn() {
            Api own = api;
            api = api.from(newClientIp());
            try {
                token = patientToken(email);
                return token;
            } finally {
                api = own;
            }
        }

        public String id() {
            Api.Response me = api.get("/api/v1/me", token);
            assertThat(me.status()).as(me.toString()).isEqualTo(200);
            return me.text("id");
        }
    }

    protected Patient newPatient(String name) {
        return new Patient(uniqueEmail(name));
    }

    protected String doctorLogin(NewDoctor doctor) {
        return staffLogin(doctor.email(), doctor.temporaryPassword());
    }

    /** The local date in Berlin {@code days} after today (by the test clock). */
    protected LocalDate berlinDay(int days) {
        return clock.instant().atZone(BERLIN).toLocalDate().plusDays(days);
    }

    /** A wall-clock time in Berlin as the API writes it (ISO with offset). */
    protected static String at(LocalDate date, int hour, int minute) {
        return ZonedDateTime.of(date, LocalTime.of(hour, minute), BERLIN).toOffsetDateTime().toString();
    }

    protected static Instant instant(String offsetDateTime) {
        return OffsetDateTime.parse(offsetDateTime).toInstant();
    }

    protected static Instant instantOf(Api.Response response, String field) {
        String value = response.text(field);
        assertThat(value).as("%s in %s", field, response).isNotNull();
        return instant(value);
    }

    protected List<Instant> freeStarts(String doctorId, String type, int days) {
        return freeSlots(doctorId, type, days).stream().map(BookingTestSupport::instant).toList();
    }

    /** Moves the test clock to the given instant (forward only). */
    protected void advanceTo(Instant target) {
        Duration by = Duration.between(clock.instant(), target);
        assertThat(by).as("the clock only moves forward").isPositive();
        clock.advance(by);
    }

    protected Api.Response book(Patient patient, String doctorId, String start, String type, String method) {
        return book(patient.token, doctorId, start, type, method, UUID.randomUUID().toString());
    }

    protected String booked(Patient patient, String doctorId, String start, String type, String method) {
        Api.Response response = book(patient, doctorId, start, type, method);
        assertThat(response.status()).as(response.toString()).isEqualTo(201);
        return response.text("id");
    }

    protected Api.Response booking(String token, String id) {
        return api.get(BOOKINGS + "/" + id, token);
    }

    protected Api.Response bookingOk(String token, String id) {
        Api.Response response = booking(token, id);
        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        return response;
    }

    protected Api.Response cancel(String token, String id, String reason) {
        return api.post(BOOKINGS + "/" + id + "/cancel", reason == null ? null : Map.of("reason", reason), token);
    }

    protected Api.Response reschedule(String token, String id, String start) {
        return api.post(BOOKINGS + "/" + id + "/reschedule", Map.of("start", start), token);
    }

    protected Api.Response doctorAction(String doctorToken, String id, String action) {
        return api.post(DOCTOR_BOOKINGS + "/" + id + "/" + action, null, doctorToken);
    }

    protected Api.Response setPolicy(String doctorToken, int freeCancellationHours, boolean requiresApproval) {
        return api.put("/api/v1/doctor/booking-policy",
                Map.of("freeCancellationHours", freeCancellationHours, "requiresApproval", requiresApproval), doctorToken);
    }

    /** The weekly rules {@link #bookableDoctor()} sets, for replacing the availability with extra overrides. */
    protected static List<Map<String, Object>> everyDayRules(String locationId) {
        List<Map<String, Object>> rules = new ArrayList<>();
        for (String day : List.of("MONDAY", "TUESDAY", "WEDNESDAY", "THURSDAY", "FRIDAY", "SATURDAY", "SUNDAY")) {
            rules.add(Map.of("dayOfWeek", day, "start", "06:00", "end", "14:00", "slotMinutes", 30, "bufferMinutes", 0,
                    "type", "IN_PERSON", "locationId", locationId));
            rules.add(Map.of("dayOfWeek", day, "start", "14:00", "end", "22:00", "slotMinutes", 30, "bufferMinutes", 0,
                    "type", "VIDEO"));
        }
        return rules;
    }

    // ---- Stripe on WireMock ------------------------------------------------------------------

    /** The next PaymentIntent Stripe creates; the newest stub wins, so call this before every Stripe booking. */
    protected static String nextStripeIntent() {
        String intent = "pi_" + UUID.randomUUID().toString().replace("-", "");
        PROVIDERS.stubFor(post(urlEqualTo("/v1/payment_intents")).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json")
                .withBody("{\"id\":\"" + intent + "\",\"object\":\"payment_intent\",\"amount\":" + VIDEO_FEE
                        + ",\"currency\":\"eur\",\"status\":\"requires_payment_method\",\"client_secret\":\"" + intent
                        + "_secret\"}")));
        return intent;
    }

    protected static void stubRefunds() {
        PROVIDERS.stubFor(post(urlEqualTo("/v1/refunds")).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json")
                .withBody("{\"id\":\"re_" + UUID.randomUUID().toString().replace("-", "") + "\",\"object\":\"refund\","
                        + "\"amount\":" + VIDEO_FEE + ",\"currency\":\"eur\",\"status\":\"succeeded\"}")));
    }

    /** Stripe reports the intent succeeded, by a signed webhook (Stripe is re-read for the current state). */
    protected void stripePaid(String intent) {
        PROVIDERS.stubFor(get(urlEqualTo("/v1/payment_intents/" + intent)).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json")
                .withBody("{\"id\":\"" + intent + "\",\"object\":\"payment_intent\",\"amount\":" + VIDEO_FEE
                        + ",\"currency\":\"eur\",\"status\":\"succeeded\",\"latest_charge\":\"ch_" + intent.substring(3)
                        + "\"}")));
        String event = "{\"id\":\"evt_" + UUID.randomUUID().toString().replace("-", "") + "\",\"object\":\"event\","
                + "\"type\":\"payment_intent.succeeded\",\"data\":{\"object\":{\"id\":\"" + intent
                + "\",\"object\":\"payment_intent\"}}}";
        String signature = StripeTestSigner.header(event, "whsec_medbook_test", clock.instant().getEpochSecond());
        Api.Response delivered = api.send("POST", "/api/v1/webhooks/stripe", event, null,
                Map.of("Stripe-Signature", signature));
        assertThat(delivered.status()).as(delivered.toString()).isEqualTo(200);
    }

    /** A VIDEO booking paid by Stripe; returns the booking id and its intent. */
    protected record PaidBooking(String id, String intent) {
    }

    protected PaidBooking paidStripeBooking(Patient patient, String doctorId, String start) {
        String intent = nextStripeIntent();
        Api.Response held = book(patient, doctorId, start, "VIDEO", "STRIPE");
        assertThat(held.status()).as(held.toString()).isEqualTo(201);
        assertThat(held.text("status")).isEqualTo("PENDING_PAYMENT");
        stripePaid(intent);
        return new PaidBooking(held.text("id"), intent);
    }

    protected static void awaitStripeRefund(String intent, long amountMinor) {
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> PROVIDERS.verify(1,
                postRequestedFor(urlEqualTo("/v1/refunds"))
                        .withHeader("Idempotency-Key", matching("refund-.+"))
                        .withRequestBody(containing("payment_intent=" + intent))
                        .withRequestBody(containing("amount=" + amountMinor))));
    }

    protected static int stripeRefundCalls(String intent) {
        return PROVIDERS.findAll(postRequestedFor(urlEqualTo("/v1/refunds"))
                .withRequestBody(containing("payment_intent=" + intent))).size();
    }

    protected void awaitPaymentStatus(String token, String bookingId, String status) {
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(
                booking(token, bookingId).body().path("payment").path("status").asString()).isEqualTo(status));
    }

    /**
     * Waits until payments has handled every refund request published for the booking (requests are
     * published in the transaction of the request that caused them, and a publication is deleted once
     * its listener completed).
     */
    protected static void awaitRefundRequestsHandled(String bookingId) {
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(count(
                "SELECT count(*) FROM event_publication WHERE listener_id LIKE '%RefundProcessor%'"
                        + " AND serialized_event LIKE ?", "%" + bookingId + "%"))
                .isZero());
    }

    // ---- the database ------------------------------------------------------------------------

    protected static long count(String sql, Object... parameters) throws SQLException {
        try (Connection connection = TestDatabase.connect(); PreparedStatement query = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                query.setObject(i + 1, parameters[i]);
            }
            try (ResultSet rows = query.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        }
    }

    /**
     * The booking's recorded changes, oldest first, as "CHANGE by ACTOR" (the acting user's id, or
     * "system"), with ": NOTE" when the change has a note.
     */
    protected static List<String> changesOf(String bookingId) throws SQLException {
        List<String> changes = new ArrayList<>();
        try (Connection connection = TestDatabase.connect(); PreparedStatement query = connection.prepareStatement(
                "SELECT change, actor_id, note FROM appointment_changes WHERE appointment_id = ? ORDER BY changed_at, id")) {
            query.setObject(1, UUID.fromString(bookingId));
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    String actor = rows.getString("actor_id");
                    String note = rows.getString("note");
                    changes.add(rows.getString("change") + " by " + (actor == null ? "system" : actor)
                            + (note == null ? "" : ": " + note));
                }
            }
        }
        return changes;
    }

    /** Active (time-holding) appointments of a doctor starting at the instant. */
    protected static long activeAt(String doctorId, Instant start) throws SQLException {
        return count("SELECT count(*) FROM appointments WHERE doctor_id = ? AND starts_at = ?"
                        + " AND status IN ('PENDING_PAYMENT', 'PENDING_APPROVAL', 'CONFIRMED')",
                UUID.fromString(doctorId), OffsetDateTime.ofInstant(start, java.time.ZoneOffset.UTC));
    }

    protected static long appointmentsOf(String column, String id) throws SQLException {
        return count("SELECT count(*) FROM appointments WHERE " + column + " = ?", UUID.fromString(id));
    }

    /** The ids of a page's items, in order. */
    protected static List<String> ids(Api.Response page) {
        assertThat(page.status()).as(page.toString()).isEqualTo(200);
        List<String> ids = new ArrayList<>();
        for (JsonNode item : page.body().path("items")) {
            ids.add(item.path("id").asString());
        }
        return ids;
    }

    protected static Map<String, Object> body(Object... keysAndValues) {
        Map<String, Object> body = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            body.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return body;
    }
}
