package org.medbook.identity.api;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import com.nimbusds.jwt.SignedJWT;

import org.junit.jupiter.api.Test;
import org.medbook.support.Api;
import org.medbook.support.IntegrationTest;

import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Refresh-token rotation, reuse detection, sign-out, expiry and suspension. */
class SessionTests extends IntegrationTest {

    @Test
    void aRefreshTradesTheTokenForANewPairOfTheSameUser() throws Exception {
        Api.Response session = signInPatient(uniqueEmail("fresh"));
        String userId = userIdOf(session);
        assertThat(session.body().path("expiresIn").asLong()).isBetween(1L, 900L);

        Api.Response refreshed = refresh(session.text("refreshToken"));

        assertThat(refreshed.status()).as(refreshed.toString()).isEqualTo(200);
        assertThat(refreshed.header("Cache-Control")).contains("no-store");
        assertThat(refreshed.text("tokenType")).isEqualTo("Bearer");
        assertThat(refreshed.text("refreshToken")).isNotBlank().isNotEqualTo(session.text("refreshToken"));
        assertThat(refreshed.text("accessToken")).isNotBlank().isNotEqualTo(session.text("accessToken"));
        assertThat(refreshed.body().path("expiresIn").asLong()).isBetween(1L, 900L);
        assertThat(userIdOf(refreshed)).isEqualTo(userId);
        assertThat(refreshed.body().path("user").path("roles").toString()).isEqualTo("[\"PATIENT\"]");
        // the token itself says the same: at most 15 minutes, and one session across the rotation
        SignedJWT first = SignedJWT.parse(session.text("accessToken"));
        SignedJWT next = SignedJWT.parse(refreshed.text("accessToken"));
        long lifetime = Duration.between(next.getJWTClaimsSet().getIssueTime().toInstant(),
                next.getJWTClaimsSet().getExpirationTime().toInstant()).toSeconds();
        assertThat(lifetime).isBetween(1L, 900L);
        assertThat(next.getJWTClaimsSet().getStringClaim("sid")).isEqualTo(first.getJWTClaimsSet().getStringClaim("sid"));

        Api.Response me = api.get("/api/v1/me", refreshed.text("accessToken"));
        assertThat(me.status()).isEqualTo(200);
        assertThat(me.text("id")).isEqualTo(userId);
    }

    @Test
    void reusingARotatedRefreshTokenRevokesItsWholeSessionAndIsAudited() {
        String email = uniqueEmail("copied");
        Api.Response session = signInPatient(email);
        String userId = userIdOf(session);
        String original = session.text("refreshToken");
        Api.Response rotated = refresh(original);
        assertThat(rotated.status()).isEqualTo(200);
        clock.advance(Duration.ofSeconds(61));
        String otherDevice = signInPatient(email).text("refreshToken");

        Api.Response reused = refresh(original);

        assertInvalidRefresh(reused);
        assertInvalidRefresh(refresh(rotated.text("refreshToken")));
        Api.Response elsewhere = refresh(otherDevice);
        assertThat(elsewhere.status()).as("another session of the user is not affected: %s", elsewhere).isEqualTo(200);

        String admin = adminToken();
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            Api.Response audit = api.get("/api/v1/admin/audit?action=token.reuse-detected&target=user:" + userId, admin);
            assertThat(audit.status()).as(audit.toString()).isEqualTo(200);
            JsonNode items = audit.body().path("items");
            assertThat(items.size()).isEqualTo(1);
            assertThat(items.get(0).path("action").asString()).isEqualTo("token.reuse-detected");
            assertThat(items.get(0).path("target").asString()).isEqualTo("user:" + userId);
            assertThat(items.get(0).path("ip").asString()).isEqualTo(api.clientIp());
        });
    }

    @Test
    void signingOutEndsTheSession() {
        Api.Response session = signInPatient(uniqueEmail("bye"));

        Api.Response logout = api.post("/api/v1/auth/logout", Map.of("refreshToken", session.text("refreshToken")));

        assertThat(logout.status()).as(logout.toString()).isEqualTo(204);
        assertThat(logout.raw()).isEmpty();
        assertInvalidRefresh(refresh(session.text("refreshToken")));
        assertThat(api.post("/api/v1/auth/logout", Map.of("refreshToken", session.text("refreshToken"))).status())
                .as("signing out twice is fine").isEqualTo(204);
    }

    @Test
    void signingOutWithAnUnknownTokenStillSucceeds() {
        Api.Response logout = api.post("/api/v1/auth/logout", Map.of("refreshToken", "no-such-refresh-token-at-all"));

        assertThat(logout.status()).as(logout.toString()).isEqualTo(204);
    }

    @Test
    void anUnknownRefreshTokenIsRefused() {
        assertInvalidRefresh(refresh("no-such-refresh-token-at-all"));
    }

    @Test
    void aMissingRefreshTokenIsAValidationProblem() {
        Api.Response response = api.post("/api/v1/auth/refresh", Map.of());

        assertThat(response.status()).as(response.toString()).isEqualTo(400);
        assertThat(response.problem()).isEqualTo("validation-failed");
        assertThat(response.body().path("errors").get(0).path("field").asString()).isEqualTo("refreshToken");
    }

    @Test
    void aRefreshTokenLivesThirtyDays() {
        Api.Response session = signInPatient(uniqueEmail("month"));
        clock.advance(Duration.ofDays(29));
        Api.Response refreshed = refresh(session.text("refreshToken"));
        assertThat(refreshed.status()).as("still valid after 29 days: %s", refreshed).isEqualTo(200);

        clock.advance(Duration.ofDays(30).plusSeconds(1));

        assertInvalidRefresh(refresh(refreshed.text("refreshToken")));
    }

    @Test
    void anUnusedRefreshTokenExpiresAfterThirtyDays() {
        Api.Response session = signInPatient(uniqueEmail("idle"));

        clock.advance(Duration.ofDays(30).plusSeconds(1));

        assertInvalidRefresh(refresh(session.text("refreshToken")));
    }

    @Test
    void suspensionEndsTheSessionsAndBlocksSignInUntilReactivation() {
        String email = uniqueEmail("suspect");
        Api.Response session = signInPatient(email);
        String userId = userIdOf(session);
        String admin = adminToken();

        Api.Response suspended = api.post("/api/v1/admin/users/" + userId + "/suspend", Map.of("reason", "test"), admin);
        assertThat(suspended.status()).as(suspended.toString()).isEqualTo(200);
        assertThat(suspended.text("status")).isEqualTo("SUSPENDED");

        assertInvalidRefresh(refresh(session.text("refreshToken")));
        clock.advance(Duration.ofSeconds(61));
        String code = requestEmailCode(email);
        Api.Response blocked = api.post("/api/v1/auth/otp/verify", Map.of("destination", email, "code", code));
        assertThat(blocked.status()).as(blocked.toString()).isEqualTo(403);
        assertThat(blocked.problem()).isEqualTo("account-suspended");
        assertThat(blocked.text("accessToken")).isNull();

        Api.Response reactivated = api.post("/api/v1/admin/users/" + userId + "/reactivate", null, admin);
        assertThat(reactivated.status()).as(reactivated.toString()).isEqualTo(200);
        assertThat(reactivated.text("status")).isEqualTo("ACTIVE");

        clock.advance(Duration.ofSeconds(61));
        Api.Response back = signInPatient(email);
        assertThat(userIdOf(back)).isEqualTo(userId);
        assertThat(back.body().path("newUser").asBoolean()).isFalse();
        assertThat(refresh(back.text("refreshToken")).status()).isEqualTo(200);
        assertInvalidRefresh(refresh(session.text("refreshToken")));
    }

    @Test
    void aReactivatedAccountDoesNotGetItsOldSessionsBack() {
        String email = uniqueEmail("paused");
        Api.Response session = signInPatient(email);
        String userId = userIdOf(session);
        String admin = adminToken();

        assertThat(api.post("/api/v1/admin/users/" + userId + "/suspend", null, admin).status()).isEqualTo(200);
        assertThat(api.post("/api/v1/admin/users/" + userId + "/reactivate", null, admin).status()).isEqualTo(200);

        // the refresh token was never presented while suspended: the suspension itself must have ended it
        assertInvalidRefresh(refresh(session.text("refreshToken")));
    }

    @Test
    void simultaneousRefreshesWithOneTokenLetExactlyOneThrough() throws Exception {
        String token = signInPatient(uniqueEmail("race")).text("refreshToken");
        ExecutorService pool = Executors.newFixedThreadPool(10);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Callable<Integer>> tries = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                tries.add(() -> {
                    start.await(10, TimeUnit.SECONDS);
                    return refresh(token).status();
                });
            }
            List<Future<Integer>> results = new ArrayList<>();
            for (Callable<Integer> attempt : tries) {
                results.add(pool.submit(attempt));
            }
            start.countDown();
            List<Integer> statuses = new ArrayList<>();
            for (Future<Integer> result : results) {
                statuses.add(result.get(30, TimeUnit.SECONDS));
            }

            assertThat(statuses).filteredOn(status -> status == 200).hasSize(1);
            assertThat(statuses).filteredOn(status -> status == 401).hasSize(9);
        } finally {
            pool.shutdownNow();
        }
    }

    // --- helpers ---

    private Api.Response refresh(String refreshToken) {
        return api.post("/api/v1/auth/refresh", Map.of("refreshToken", refreshToken));
    }

    private static String userIdOf(Api.Response tokens) {
        return tokens.body().path("user").path("id").asString();
    }

    private static void assertInvalidRefresh(Api.Response response) {
        assertThat(response.status()).as(response.toString()).isEqualTo(401);
        assertThat(response.problem()).isEqualTo("invalid-refresh-token");
        assertThat(response.text("accessToken")).isNull();
    }
}
