package org.medbook.notifications.api;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import tools.jackson.databind.JsonNode;

import org.junit.jupiter.api.Test;
import org.medbook.payments.PaymentEvents;
import org.medbook.support.Api;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationEventPublisher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Account, security and back-office notices; the same event twice is told once. */
class AccountNotificationTests extends NotificationTestSupport {

    @Autowired
    private ApplicationEventPublisher events;

    @Test
    void aDoctorHearsOfVerificationSuspensionAndReinstatementAndOfTheirOwnPasswordChange() {
        NewDoctor doctor = bookableDoctor();
        String token = doctorLogin(doctor);
        awaitNotification(token, "DOCTOR_VERIFIED");
        awaitNotification(token, "PASSWORD_CHANGED");
        String admin = adminToken();
        assertThat(api.post("/api/v1/admin/doctors/" + doctor.id() + "/suspend", Map.of("reason", "licence expired"), admin)
                .status()).isEqualTo(200);
        JsonNode suspended = awaitNotification(token, "DOCTOR_SUSPENDED");
        assertThat(suspended.path("category").asString()).isEqualTo("ACCOUNT");
        assertThat(suspended.path("body").asString()).contains("Reason: licence expired");
        assertThat(api.post("/api/v1/admin/doctors/" + doctor.id() + "/reinstate", null, admin).status()).isEqualTo(200);
        awaitNotification(token, "DOCTOR_REINSTATED");
        awaitMail(doctor.email(), "Your profile is suspended");
        awaitMail(doctor.email(), "Your password was changed");
    }

    @Test
    void aRejectedDoctorIsToldWhy() {
        NewDoctor doctor = createDoctor(Map.of());
        Api.Response rejected = api.post("/api/v1/admin/doctors/" + doctor.id() + "/verification",
                Map.of("decision", "REJECTED", "reason", "licence number unknown"), adminToken());
        assertThat(rejected.status()).as(rejected.toString()).isEqualTo(200);
        awaitMail(doctor.email(), "Verification declined");
        String token = doctorToken(doctor);
        JsonNode notice = awaitNotification(token, "DOCTOR_REJECTED");
        assertThat(notice.path("body").asString()).contains("Reason: licence number unknown");
    }

    @Test
    void aReusedRefreshTokenAndASuspensionAreToldByEmail() {
        String email = uniqueEmail("reuse");
        Api.Response session = signInPatient(email);
        String id = api.get("/api/v1/me", session.text("accessToken")).text("id");
        String refresh = session.text("refreshToken");
        assertThat(api.post("/api/v1/auth/refresh", Map.of("refreshToken", refresh)).status()).isEqualTo(200);
        assertThat(api.post("/api/v1/auth/refresh", Map.of("refreshToken", refresh)).status()).isEqualTo(401);
        awaitMail(email, "We signed you out");

        // reusing the refresh token ended the session: its access token no longer works either
        assertThat(api.get("/api/v1/me", session.text("accessToken")).status()).isEqualTo(401);
        assertThat(api.post("/api/v1/admin/users/" + id + "/suspend", Map.of("reason", "abuse"), adminToken())
                .status()).isEqualTo(200);
        awaitMail(email, "Your account is suspended");
    }

    @Test
    void aNewDisputeReachesEveryoneWhoHandlesDisputesOnceHoweverOftenItChanges() {
        String handler = helperToken(List.of("disputes:manage"));
        String other = helperToken(List.of("payments:read"));
        UUID dispute = UUID.randomUUID();
        UUID payment = UUID.randomUUID();
        Instant due = clock.instant().plus(Duration.ofDays(7));
        events.publishEvent(new PaymentEvents.DisputeChanged(UUID.randomUUID(), clock.instant(), dispute, payment,
                "needs_response", due));
        events.publishEvent(new PaymentEvents.DisputeChanged(UUID.randomUUID(), clock.instant(), dispute, payment,
                "under_review", due));

        JsonNode notice = awaitNotification(handler, "DISPUTE_OPENED");
        assertThat(notice.path("data").path("disputeId").asString()).isEqualTo(dispute.toString());
        assertThat(notice.path("data").path("paymentId").asString()).isEqualTo(payment.toString());
        assertThat(notice.path("data").path("evidenceDueBy").asString()).isEqualTo(due.toString());
        assertThat(notice.path("body").asString()).contains("needs_response");
        await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(3))
                .until(() -> kinds(handler).stream().filter("DISPUTE_OPENED"::equals).count() == 1);
        assertThat(kinds(other)).doesNotContain("DISPUTE_OPENED");
        assertThat(kinds(adminToken())).contains("DISPUTE_OPENED");
    }

    @Test
    void anEventDeliveredTwiceNotifiesAndSendsOnce() throws Exception {
        NewDoctor doctor = bookableDoctor();
        String token = doctorLogin(doctor);
        org.medbook.doctors.DoctorEvents.DoctorSuspensionChanged suspended = new org.medbook.doctors.DoctorEvents
                .DoctorSuspensionChanged(UUID.randomUUID(), clock.instant(), null, UUID.fromString(doctor.id()), true,
                "twice", "127.0.0.1");
        events.publishEvent(suspended);
        awaitNotification(token, "DOCTOR_SUSPENDED");
        awaitMail(doctor.email(), "Your profile is suspended");
        events.publishEvent(suspended);
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(4)).until(() -> count(
                "SELECT count(*) FROM notification_events WHERE id = ?", suspended.eventId()) == 0);
        assertThat(kinds(token).stream().filter("DOCTOR_SUSPENDED"::equals)).hasSize(1);
        assertThat(mailsWithSubject(doctor.email(), "Your profile is suspended")).isEqualTo(1);
        assertThat(count("SELECT count(*) FROM notification_deliveries WHERE event_id = ?", suspended.eventId()))
                .isEqualTo(1);
    }
}
