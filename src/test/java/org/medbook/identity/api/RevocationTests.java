package org.medbook.identity.api;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.medbook.support.Api;
import org.medbook.support.IntegrationTest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Access tokens stop working as soon as their session ends, not when they expire: suspension,
 * sign-out, a password change or reset and a copied refresh token each cut the tokens they concern
 * within a second, and leave every other session alone.
 */
class RevocationTests extends IntegrationTest {

    /** The promise: refused within a second of the call that ended the session. */
    static final Duration WITHIN = Duration.ofSeconds(1);

    @Test
    void aSuspendedPatientsTokenIsRefusedOnEveryRequestWithinASecond() {
        NewDoctor doctor = bookableDoctor();
        List<String> slots = freeSlots(doctor.id(), "IN_PERSON", 7);
        Api.Response session = signInPatient(uniqueEmail("suspended"));
        String token = session.text("accessToken");
        Api.Response booked = book(token, doctor.id(), slots.get(0), "IN_PERSON", "CASH", UUID.randomUUID().toString());
        assertThat(booked.status()).as(booked.toString()).isEqualTo(201);
        assertThat(api.get("/api/v1/me", token).status()).isEqualTo(200);

        Api.Response suspended = api.post("/api/v1/admin/users/" + userIdOf(session) + "/suspend",
                Map.of("reason", "abuse"), adminToken());
        assertThat(suspended.status()).as(suspended.toString()).isEqualTo(200);

        await().atMost(WITHIN).untilAsserted(() -> {
            assertRevoked(api.get("/api/v1/me", token));
            assertRevoked(book(token, doctor.id(), slots.get(1), "IN_PERSON", "CASH", UUID.randomUUID().toString()));
        });
        assertThat(freeSlots(doctor.id(), "IN_PERSON", 7)).contains(slots.get(1));
    }

    @Test
    void signingOutEndsThatSessionsAccessTokenButNotAnotherSessionsOne() {
        String email = uniqueEmail("two-devices");
        Api.Response phone = signInPatient(email);
        clock.advance(Duration.ofSeconds(61));
        Api.Response laptop = signInPatient(email);

        Api.Response logout = api.post("/api/v1/auth/logout", Map.of("refreshToken", phone.text("refreshToken")));
        assertThat(logout.status()).as(logout.toString()).isEqualTo(204);

        await().atMost(WITHIN).untilAsserted(() -> assertRevoked(api.get("/api/v1/me", phone.text("accessToken"))));
        assertThat(api.get("/api/v1/me", laptop.text("accessToken")).status()).isEqualTo(200);
        Api.Response refreshed = api.post("/api/v1/auth/refresh", Map.of("refreshToken", laptop.text("refreshToken")));
        assertThat(refreshed.status()).as(refreshed.toString()).isEqualTo(200);
    }

    @Test
    void changingThePasswordEndsEveryOlderTokenAndTheNewSessionWorks() {
        StaffAccount helper = newStaffAccount("HELPER", List.of("users:read"));
        String password = "First helper passphrase";
        activateStaff(helper.email(), helper.temporaryPassword(), password);
        String office = staffLogin(helper.email(), password);
        String home = staffLogin(helper.email(), password);

        Api.Response changed = api.post("/api/v1/auth/password",
                Map.of("currentPassword", password, "newPassword", "Second helper passphrase"), office);
        assertThat(changed.status()).as(changed.toString()).isEqualTo(200);

        await().atMost(WITHIN).untilAsserted(() -> {
            assertRevoked(api.get("/api/v1/me", office));
            assertRevoked(api.get("/api/v1/admin/users?size=1", home));
        });
        assertThat(api.get("/api/v1/admin/users?size=1", changed.text("accessToken")).status()).isEqualTo(200);
    }

    @Test
    void anAdminPasswordResetEndsTheStaffMembersTokens() {
        StaffAccount helper = newStaffAccount("HELPER", List.of("users:read"));
        String token = activateStaff(helper.email(), helper.temporaryPassword(), "Soon to be reset").text("accessToken");
        assertThat(api.get("/api/v1/admin/users?size=1", token).status()).isEqualTo(200);

        Api.Response reset = api.post("/api/v1/admin/users/" + helper.id() + "/password-reset", null, adminToken());
        assertThat(reset.status()).as(reset.toString()).isEqualTo(202);

        await().atMost(WITHIN).untilAsserted(() -> assertRevoked(api.get("/api/v1/admin/users?size=1", token)));
    }

    @Test
    void narrowingAHelpersPermissionsEndsTheTokensThatStillCarryThem() {
        StaffAccount helper = newStaffAccount("HELPER", List.of("users:read"));
        String token = activateStaff(helper.email(), helper.temporaryPassword(), "Reader passphrase").text("accessToken");
        assertThat(api.get("/api/v1/admin/users?size=1", token).status()).isEqualTo(200);

        Api.Response narrowed = api.put("/api/v1/admin/users/" + helper.id() + "/permissions",
                Map.of("permissions", List.of()), adminToken());
        assertThat(narrowed.status()).as(narrowed.toString()).isEqualTo(200);

        await().atMost(WITHIN).untilAsserted(() -> assertRevoked(api.get("/api/v1/admin/users?size=1", token)));
    }

    @Test
    void reusingARotatedRefreshTokenEndsTheAccessTokensOfItsSessionOnly() {
        String email = uniqueEmail("stolen");
        Api.Response session = signInPatient(email);
        Api.Response rotated = api.post("/api/v1/auth/refresh", Map.of("refreshToken", session.text("refreshToken")));
        assertThat(rotated.status()).as(rotated.toString()).isEqualTo(200);
        clock.advance(Duration.ofSeconds(61));
        Api.Response elsewhere = signInPatient(email);

        Api.Response reused = api.post("/api/v1/auth/refresh", Map.of("refreshToken", session.text("refreshToken")));
        assertThat(reused.status()).isEqualTo(401);

        await().atMost(WITHIN).untilAsserted(() -> {
            assertRevoked(api.get("/api/v1/me", session.text("accessToken")));
            assertRevoked(api.get("/api/v1/me", rotated.text("accessToken")));
        });
        assertThat(api.get("/api/v1/me", elsewhere.text("accessToken")).status()).isEqualTo(200);
    }

    @Test
    void aReactivatedUserWorksAgainWithNewTokensButNeverWithTheOldOnes() {
        String email = uniqueEmail("back-again");
        Api.Response before = signInPatient(email);
        String userId = userIdOf(before);
        String admin = adminToken();
        assertThat(api.post("/api/v1/admin/users/" + userId + "/suspend", null, admin).status()).isEqualTo(200);
        assertThat(api.post("/api/v1/admin/users/" + userId + "/reactivate", null, admin).status()).isEqualTo(200);

        clock.advance(Duration.ofSeconds(61));
        Api.Response after = signInPatient(email);

        assertThat(api.get("/api/v1/me", after.text("accessToken")).status()).isEqualTo(200);
        Api.Response refreshed = api.post("/api/v1/auth/refresh", Map.of("refreshToken", after.text("refreshToken")));
        assertThat(api.get("/api/v1/me", refreshed.text("accessToken")).status()).isEqualTo(200);
        assertRevoked(api.get("/api/v1/me", before.text("accessToken")));
    }

    @Test
    void aRevokedTokenStaysRefusedUntilItWouldHaveExpiredAnyway() {
        Api.Response session = signInPatient(uniqueEmail("lasting"));
        String token = session.text("accessToken");
        assertThat(api.post("/api/v1/auth/logout", Map.of("refreshToken", session.text("refreshToken"))).status())
                .isEqualTo(204);

        clock.advance(Duration.ofSeconds(session.body().path("expiresIn").asLong() - 5));

        assertRevoked(api.get("/api/v1/me", token));
    }

    static void assertRevoked(Api.Response response) {
        assertThat(response.status()).as(response.toString()).isEqualTo(401);
        assertThat(response.problem()).isEqualTo("unauthorized");
        assertThat(response.text("detail")).contains("revoked");
        assertThat(response.header("WWW-Authenticate")).startsWith("Bearer");
    }

    private static String userIdOf(Api.Response tokens) {
        return tokens.body().path("user").path("id").asString();
    }
}
