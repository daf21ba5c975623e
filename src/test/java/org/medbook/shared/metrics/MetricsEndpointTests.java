package org.medbook.shared.metrics;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.medbook.support.Api;
import org.medbook.support.IntegrationTest;
import org.medbook.support.Scrape;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * /actuator/prometheus on the main port: only for a token with metrics:read; Boot's HTTP, pool and JVM
 * meters beside Medbook's business meters, which move when a booking is made, paid, notified and
 * cancelled.
 */
class MetricsEndpointTests extends IntegrationTest {

    private static final String SCRAPE = "/actuator/prometheus";

    @Test
    void theScrapeNeedsATokenWithTheMetricsReadPermission() {
        Api.Response anonymous = api.get(SCRAPE, null);
        Api.Response patient = api.get(SCRAPE, patientToken(uniqueEmail("curious")));
        Api.Response helperWithout = api.get(SCRAPE, helperToken(List.of("reports:read", "audit:read")));
        Api.Response helperWith = api.get(SCRAPE, helperToken(List.of("metrics:read")));

        assertThat(anonymous.status()).isEqualTo(401);
        assertThat(anonymous.problem()).isEqualTo("unauthorized");
        assertThat(patient.status()).isEqualTo(403);
        assertThat(patient.problem()).isEqualTo("forbidden");
        assertThat(helperWithout.status()).isEqualTo(403);
        assertThat(helperWith.status()).as(helperWith.toString()).isEqualTo(200);
        assertThat(helperWith.header("Content-Type")).startsWith("text/plain");
        assertThat(api.get("/actuator/health", null).status()).as("health stays public").isEqualTo(200);
    }

    @Test
    void bootsHttpPoolAndJvmMetersAreScraped() {
        Scrape scrape = Scrape.of(api, adminToken());

        assertThat(scrape.value("http_server_requests_seconds_count", Map.of("uri", "/api/v1/auth/login", "status", "200")))
                .isPositive();
        assertThat(scrape.text()).contains("http_server_requests_seconds_bucket{");
        assertThat(scrape.value("hikaricp_connections_max", Map.of())).isPositive();
        assertThat(scrape.value("hikaricp_connections_active", Map.of())).isNotNegative();
        assertThat(scrape.text()).contains("hikaricp_connections_acquire_seconds_count", "jvm_memory_used_bytes",
                "jvm_threads_live_threads");
    }

    @Test
    void backlogAndLagGaugesReadTheDatabase() {
        Scrape scrape = Scrape.of(api, adminToken());

        for (String outbox : List.of("events", "notifications")) {
            assertThat(scrape.value("medbook_outbox_backlog", Map.of("outbox", outbox))).isNotNegative();
            assertThat(scrape.value("medbook_outbox_oldest_age_seconds", Map.of("outbox", outbox))).isNotNegative();
        }
        assertThat(scrape.value("medbook_outbox_failed", Map.of())).isNotNegative();
        assertThat(scrape.value("medbook_notifications_backlog", Map.of())).isNotNegative();
        assertThat(scrape.value("medbook_notifications_failed", Map.of())).isNotNegative();
        assertThat(scrape.value("medbook_bookings_holds", Map.of())).isNotNegative();
        for (String job : List.of("hold-expiry", "notification-fan-out", "notification-deliveries", "notification-reminders")) {
            assertThat(scrape.value("medbook_scheduler_lag_seconds", Map.of("job", job))).as(job).isNotNegative();
        }
        assertThat(scrape.value("medbook_realtime_sessions", Map.of())).isNotNegative();
    }

    @Test
    void aBookingItsPaymentItsEmailAndItsCancellationAreCounted() {
        String metrics = helperToken(List.of("metrics:read"));
        NewDoctor doctor = bookableDoctor();
        String slot = freeSlots(doctor.id(), "IN_PERSON", 3).get(1);
        String patient = patientToken(uniqueEmail("counted"));
        Scrape before = Scrape.of(api, metrics);

        Api.Response booked = book(patient, doctor.id(), slot, "IN_PERSON", "CASH", UUID.randomUUID().toString());
        assertThat(booked.status()).as(booked.toString()).isEqualTo(201);
        Api.Response cancelled = api.post("/api/v1/bookings/" + booked.text("id") + "/cancel", Map.of("reason", "counted"),
                patient);
        assertThat(cancelled.status()).as(cancelled.toString()).isEqualTo(200);

        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
            Scrape after = Scrape.of(api, metrics);
            assertGrew(before, after, "medbook_bookings_total", Map.of("outcome", "booked"));
            assertGrew(before, after, "medbook_bookings_total", Map.of("outcome", "confirmed"));
            assertGrew(before, after, "medbook_bookings_total", Map.of("outcome", "cancelled"));
            assertGrew(before, after, "medbook_payments_total", Map.of("provider", "cash", "outcome", "cash_due"));
            // the unpaid cash payment is called off after commit, through the outbox
            assertGrew(before, after, "medbook_payments_total", Map.of("provider", "cash", "outcome", "cancelled"));
            assertGrew(before, after, "medbook_notifications_deliveries_total", Map.of("channel", "email", "outcome", "sent"));
        });
    }

    @Test
    void aBookingRefusedForATakenSlotIsNotCounted() {
        String metrics = adminToken();
        NewDoctor doctor = bookableDoctor();
        String slot = freeSlots(doctor.id(), "IN_PERSON", 3).get(2);
        Api.Response first = book(patientToken(uniqueEmail("first")), doctor.id(), slot, "IN_PERSON", "CASH",
                UUID.randomUUID().toString());
        assertThat(first.status()).isEqualTo(201);
        Scrape before = Scrape.of(api, metrics);

        Api.Response taken = book(patientToken(uniqueEmail("second")), doctor.id(), slot, "IN_PERSON", "CASH",
                UUID.randomUUID().toString());

        assertThat(taken.status()).isEqualTo(409);
        Scrape after = Scrape.of(api, metrics);
        assertThat(after.valueOrZero("medbook_bookings_total", Map.of("outcome", "booked")))
                .as("the second booking lost the slot: its transaction rolled back")
                .isEqualTo(before.valueOrZero("medbook_bookings_total", Map.of("outcome", "booked")));
    }

    private static void assertGrew(Scrape before, Scrape after, String name, Map<String, String> labels) {
        assertThat(after.value(name, labels)).as("%s%s", name, labels)
                .isGreaterThanOrEqualTo(before.valueOrZero(name, labels) + 1);
    }
}
