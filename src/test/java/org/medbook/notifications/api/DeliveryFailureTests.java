package org.medbook.notifications.api;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;

import tools.jackson.databind.JsonNode;

import org.junit.jupiter.api.Test;
import org.medbook.notifications.application.NotificationStore;
import org.medbook.support.Api;
import org.medbook.support.TestDatabase;
import org.springframework.beans.factory.annotation.Autowired;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Provider failures: retried with back-off, given up after a while, listed for staff and retried by them. */
class DeliveryFailureTests extends NotificationTestSupport {

    private static final String ADMIN_NOTIFICATIONS = "/api/v1/admin/notifications";

    @Autowired
    private NotificationStore store;

    private static void twilioAnswers(String phone, int status) {
        PROVIDERS.stubFor(post(urlPathMatching("/2010-04-01/Accounts/.*/Messages.json"))
                .withRequestBody(containing("To=" + URLEncoder.encode(phone, StandardCharsets.UTF_8)))
                .willReturn(aResponse().withStatus(status).withHeader("Content-Type", "application/json")
                        .withBody(status < 300 ? "{\"sid\":\"SM1\",\"status\":\"queued\"}" : "{\"code\":21211}")));
    }

    /** The SMS delivery of the patient's cancellation notice (the doctor cancels a cash booking). */
    private String cancellationSms(PhonePatient patient) throws Exception {
        NewDoctor doctor = bookableDoctor();
        String id = book(patient.token(), doctor.id(), freeSlots(doctor.id(), "IN_PERSON", 7).get(0), "IN_PERSON", "CASH",
                UUID.randomUUID().toString()).text("id");
        assertThat(cancel(doctorLogin(doctor), id, "ill").status()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(15)).until(() -> count("SELECT count(*) FROM notification_deliveries d"
                + " JOIN notifications n ON n.id = d.notification_id WHERE n.kind = 'BOOKING_CANCELLED'"
                + " AND n.data->>'bookingId' = ? AND d.channel = 'SMS' AND d.attempts > 0 AND d.status <> 'SENDING'", id) == 1);
        return deliveryOf(id);
    }

    private static String deliveryOf(String bookingId) throws Exception {
        try (Connection c = TestDatabase.connect(); PreparedStatement q = c.prepareStatement("SELECT d.id FROM notification_deliveries d"
                + " JOIN notifications n ON n.id = d.notification_id WHERE n.data->>'bookingId' = ? AND d.channel = 'SMS'")) {
            q.setString(1, bookingId);
            var rows = q.executeQuery();
            rows.next();
            return rows.getString(1);
        }
    }

    private static String status(String deliveryId) throws Exception {
        try (Connection c = TestDatabase.connect();
             PreparedStatement q = c.prepareStatement("SELECT status || ':' || attempts FROM notification_deliveries WHERE id = ?")) {
            q.setObject(1, UUID.fromString(deliveryId));
            var rows = q.executeQuery();
            rows.next();
            return rows.getString(1);
        }
    }

    private String patientId(PhonePatient patient) {
        return api.get("/api/v1/me", patient.token()).text("id");
    }

    @Test
    void aRefusedMessageFailsAtOnceIsListedForStaffAndCanBeSentAgainByThem() throws Exception {
        PhonePatient patient = phonePatient();
        twilioAnswers(patient.phone(), 400);
        String delivery = cancellationSms(patient);
        assertThat(status(delivery)).isEqualTo("FAILED:1");

        String admin = adminToken();
        Api.Response failed = api.get(ADMIN_NOTIFICATIONS + "?status=FAILED&recipientId=" + patientId(patient) + "&size=100",
                admin);
        assertThat(failed.body().path("totalItems").asLong()).isEqualTo(1);
        assertThat(failed.status()).isEqualTo(200);
        JsonNode listed = null;
        for (JsonNode item : failed.body().path("items")) {
            if (item.path("id").asString().equals(delivery)) {
                listed = item;
            }
        }
        assertThat(listed).as("the failed delivery is listed").isNotNull();
        assertThat(listed.path("channel").asString()).isEqualTo("SMS");
        assertThat(listed.path("kind").asString()).isEqualTo("BOOKING_CANCELLED");
        assertThat(listed.path("lastError").asString()).contains("refused");
        assertThat(api.get(ADMIN_NOTIFICATIONS + "?status=LOST", admin).problem()).isEqualTo("invalid-parameter");
        assertThat(api.get(ADMIN_NOTIFICATIONS, helperToken(List.of("bookings:manage"))).status()).isEqualTo(403);
        assertThat(api.get(ADMIN_NOTIFICATIONS, patient.token()).status()).isEqualTo(403);

        twilioAnswers(patient.phone(), 201);
        String manager = helperToken(List.of("notifications:manage"));
        Api.Response retried = api.post(ADMIN_NOTIFICATIONS + "/" + delivery + "/retry", null, manager);
        assertThat(retried.status()).as(retried.toString()).isEqualTo(200);
        assertThat(retried.text("status")).isEqualTo("PENDING");
        await().atMost(Duration.ofSeconds(15)).until(() -> status(delivery).equals("SENT:1"));
        assertThat(textsTo(patient.phone()).stream().filter(t -> t.contains("Booking cancelled"))).hasSize(2);
        assertThat(api.post(ADMIN_NOTIFICATIONS + "/" + delivery + "/retry", null, manager).problem()).isEqualTo("not-failed");
        assertThat(api.post(ADMIN_NOTIFICATIONS + "/" + UUID.randomUUID() + "/retry", null, manager).status()).isEqualTo(404);
        assertThat(count("SELECT count(*) FROM audit_events WHERE action = 'notification.retried' AND target = ?",
                "delivery:" + delivery)).isEqualTo(1);
    }

    @Test
    void anUnavailableProviderIsRetriedWithGrowingPausesAndGivenUpAfterADay() throws Exception {
        PhonePatient patient = phonePatient();
        twilioAnswers(patient.phone(), 503);
        String delivery = cancellationSms(patient);
        assertThat(status(delivery)).isEqualTo("PENDING:1");
        Instant next = nextAttempt(delivery);
        assertThat(Duration.between(clock.instant(), next)).isBetween(Duration.ofSeconds(20), Duration.ofSeconds(31));

        clock.advance(Duration.ofSeconds(31));
        await().atMost(Duration.ofSeconds(15)).until(() -> status(delivery).equals("PENDING:2"));
        assertThat(Duration.between(clock.instant(), nextAttempt(delivery)))
                .isBetween(Duration.ofSeconds(50), Duration.ofSeconds(61));

        clock.advance(Duration.ofHours(25));
        await().atMost(Duration.ofSeconds(15)).until(() -> status(delivery).equals("FAILED:3"));
        assertThat(textsTo(patient.phone()).stream().filter(t -> t.contains("Booking cancelled"))).hasSize(3);
    }

    private static Instant nextAttempt(String deliveryId) throws Exception {
        try (Connection c = TestDatabase.connect();
             PreparedStatement q = c.prepareStatement("SELECT next_attempt_at FROM notification_deliveries WHERE id = ?")) {
            q.setObject(1, UUID.fromString(deliveryId));
            var rows = q.executeQuery();
            rows.next();
            return rows.getObject(1, java.time.OffsetDateTime.class).toInstant();
        }
    }

    @Test
    void oldNotificationsArePurgedInBatchesAndTheUnreadCountFollows() throws Exception {
        Patient patient = newPatient("purge");
        UUID user = UUID.fromString(patient.id());
        Instant old = clock.instant().minus(Duration.ofDays(200));
        try (Connection c = TestDatabase.connect()) {
            for (int i = 0; i < 3; i++) {
                try (PreparedStatement insert = c.prepareStatement("INSERT INTO notifications (id, event_id, recipient_id, kind,"
                        + " category, title, body, data, language, time_zone, in_app, created_at) VALUES (?, ?, ?, 'PAYMENT_RECEIVED',"
                        + " 'PAYMENTS', 't', 'b', '{}', 'en', 'UTC', true, ?)")) {
                    insert.setObject(1, UUID.randomUUID());
                    insert.setObject(2, UUID.randomUUID());
                    insert.setObject(3, user);
                    insert.setObject(4, (i == 2 ? clock.instant() : old).atOffset(ZoneOffset.UTC));
                    insert.executeUpdate();
                }
            }
            try (PreparedStatement counter = c.prepareStatement("INSERT INTO notification_unread (user_id, unread, total) VALUES (?, 3, 3)")) {
                counter.setObject(1, user);
                counter.executeUpdate();
            }
        }
        assertThat(unreadCount(patient.token)).isEqualTo(3);
        int purged;
        do {
            purged = store.purge(clock.instant().minus(Duration.ofDays(180)), 1);
        } while (purged > 0);
        assertThat(count("SELECT count(*) FROM notifications WHERE recipient_id = ?", user)).isEqualTo(1);
        assertThat(unreadCount(patient.token)).isEqualTo(1);
        assertThat(api.get("/api/v1/notifications", patient.token).body().path("totalItems").asLong()).isEqualTo(1);
    }
}
