package org.medbook.identity.api;

import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.nimbusds.jwt.SignedJWT;

import org.junit.jupiter.api.Test;
import org.medbook.support.Api;
import org.medbook.support.IntegrationTest;

import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.medbook.identity.api.RevocationTests.WITHIN;
import static org.medbook.identity.api.RevocationTests.assertRevoked;

/**
 * Staff sessions end after 30 minutes without a refresh and 12 hours after the sign-in (the defaults);
 * patients' do not. Administrators list a user's sessions and end one or all of them.
 */
class StaffSessionTests extends IntegrationTest {

    /** Long after any token the shared context issued on the real clock. */
    static final Instant FUTURE = Instant.parse("2031-06-03T07:00:00Z");

    @Test
    void aStaffSessionNotRefreshedForHalfAnHourEnds() {
        Staff staff = activeStaff("idle");
        clock.setTo(FUTURE);
        Api.Response session = staff.signIn();

        clock.advance(Duration.ofMinutes(29));
        Api.Response refreshed = refresh(session.text("refreshToken"));
        assertThat(refreshed.status()).as(refreshed.toString()).isEqualTo(200);

        clock.advance(Duration.ofMinutes(30));
        Api.Response idle = refresh(refreshed.text("refreshToken"));
        assertThat(idle.status()).as(idle.toString()).isEqualTo(401);
        assertThat(idle.problem()).isEqualTo("session-expired");
        assertThat(idle.text("accessToken")).isNull();
        // the session is over for good, not just this once
        assertThat(refresh(refreshed.text("refreshToken")).status()).isEqualTo(401);
    }

    @Test
    void aStaffSessionEndsTwelveHoursAfterTheSignInHoweverOftenItIsRefreshed() {
        Staff staff = activeStaff("absolute");
        clock.setTo(FUTURE);
        String refreshToken = staff.signIn().text("refreshToken");

        // 28 refreshes 25 minutes apart: 11 h 40 min
        for (int i = 0; i < 28; i++) {
            clock.advance(Duration.ofMinutes(25));
            Api.Response refreshed = refresh(refreshToken);
            assertThat(refreshed.status()).as("refresh %d: %s", i, refreshed).isEqualTo(200);
            refreshToken = refreshed.text("refreshToken");
        }
        clock.advance(Duration.ofMinutes(25));
        Api.Response tooOld = refresh(refreshToken);
        assertThat(tooOld.status()).as(tooOld.toString()).isEqualTo(401);
        assertThat(tooOld.problem()).isEqualTo("session-expired");
    }

    @Test
    void theSessionListShowsWhenAStaffSessionEndsAndLeavesItOutOnceEnded() {
        Staff staff = activeStaff("listed");
        clock.setTo(FUTURE);
        staff.signIn();

        JsonNode listed = api.get(sessionsOf(staff.id()), adminToken()).body();
        assertThat(listed.size()).isEqualTo(1);
        // idle for half an hour comes before twelve hours after the sign-in
        assertThat(Instant.parse(listed.get(0).path("endsBy").asString())).isEqualTo(FUTURE.plus(Duration.ofMinutes(30)));

        clock.advance(Duration.ofMinutes(31));
        assertThat(api.get(sessionsOf(staff.id()), adminToken()).body().size()).isZero();
    }

    @Test
    void aPatientSessionIsNotBoundByTheStaffLimits() {
        clock.setTo(FUTURE);
        Api.Response session = signInPatient(uniqueEmail("patient-long"));

        clock.advance(Duration.ofHours(2));
        Api.Response refreshed = refresh(session.text("refreshToken"));
        assertThat(refreshed.status()).as(refreshed.toString()).isEqualTo(200);
        clock.advance(Duration.ofHours(11));
        assertThat(refresh(refreshed.text("refreshToken")).status()).isEqualTo(200);
    }

    @Test
    void anAdministratorSeesAUsersSessionsAndEndsOneThenAll() throws ParseException {
        Staff staff = activeStaff("revoked");
        String admin = adminToken();
        Api.Response laptop = staff.signIn();
        Api.Response phone = staff.signIn();

        Api.Response listed = api.get(sessionsOf(staff.id()), admin);
        assertThat(listed.status()).as(listed.toString()).isEqualTo(200);
        assertThat(sessionIds(listed.body())).contains(sid(laptop), sid(phone));
        assertThat(listed.body().get(0).path("endsBy").asString()).isNotBlank();

        Api.Response one = api.delete(sessionsOf(staff.id()) + "/" + sid(phone), admin);
        assertThat(one.status()).as(one.toString()).isEqualTo(204);
        await().atMost(WITHIN).untilAsserted(() -> assertRevoked(api.get("/api/v1/me", phone.text("accessToken"))));
        assertThat(refresh(phone.text("refreshToken")).problem()).isEqualTo("invalid-refresh-token");
        assertThat(api.get("/api/v1/me", laptop.text("accessToken")).status()).isEqualTo(200);
        assertThat(sessionIds(api.get(sessionsOf(staff.id()), admin).body())).contains(sid(laptop)).doesNotContain(sid(phone));

        Api.Response all = api.delete(sessionsOf(staff.id()), admin);
        assertThat(all.status()).as(all.toString()).isEqualTo(204);
        await().atMost(WITHIN).untilAsserted(() -> assertRevoked(api.get("/api/v1/me", laptop.text("accessToken"))));
        assertThat(refresh(laptop.text("refreshToken")).problem()).isEqualTo("invalid-refresh-token");
        assertThat(api.get(sessionsOf(staff.id()), admin).body().size()).isZero();
        // signing in again works: the cut covers tokens issued before it only
        assertThat(api.get("/api/v1/me", staff.signIn().text("accessToken")).status()).isEqualTo(200);

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            Api.Response audit = api.get("/api/v1/admin/audit?action=sessions.revoked&target=user:" + staff.id(), admin);
            assertThat(audit.body().path("items").size()).as(audit.toString()).isEqualTo(2);
        });
    }

    @Test
    void anUnknownSessionOrOneOfAnotherUserIsNotFound() throws ParseException {
        Staff staff = activeStaff("other");
        Staff someoneElse = activeStaff("else");
        String foreign = sid(someoneElse.signIn());

        Api.Response response = api.delete(sessionsOf(staff.id()) + "/" + foreign, adminToken());
        assertThat(response.status()).as(response.toString()).isEqualTo(404);
    }

    @Test
    void onlyCallersWhoManageUsersSeeOrEndSessions() {
        Staff staff = activeStaff("guarded");
        String reader = helperToken(List.of("users:read"));
        String patient = patientToken(uniqueEmail("nosy"));

        for (String token : List.of(reader, patient)) {
            assertThat(api.get(sessionsOf(staff.id()), token).status()).isEqualTo(403);
            assertThat(api.delete(sessionsOf(staff.id()), token).status()).isEqualTo(403);
            assertThat(api.delete(sessionsOf(staff.id()) + "/" + UUID.randomUUID(), token).status()).isEqualTo(403);
        }
        // a helper who manages users may look, but administrators' and helpers' sessions are the admins' to end
        String manager = helperToken(List.of("users:manage"));
        assertThat(api.get(sessionsOf(staff.id()), manager).status()).isEqualTo(200);
        Api.Response refused = api.delete(sessionsOf(staff.id()), manager);
        assertThat(refused.status()).as(refused.toString()).isEqualTo(403);
        Api.Response patientSession = signInPatient(uniqueEmail("managed"));
        String patientId = patientSession.body().path("user").path("id").asString();
        assertThat(api.delete(sessionsOf(patientId), manager).status()).isEqualTo(204);
        assertThat(refresh(patientSession.text("refreshToken")).problem()).isEqualTo("invalid-refresh-token");
    }

    // --- helpers ---

    record Staff(StaffSessionTests test, String id, String email, String password) {

        Api.Response signIn() {
            Api.Response login = test.api.post("/api/v1/auth/login", Map.of("email", email, "password", password));
            assertThat(login.status()).as(login.toString()).isEqualTo(200);
            return login;
        }
    }

    Staff activeStaff(String name) {
        StaffAccount account = newStaffAccount("HELPER", List.of("users:read"));
        String password = "Session limits " + name + " " + account.email();
        activateStaff(account.email(), account.temporaryPassword(), password);
        return new Staff(this, account.id(), account.email(), password);
    }

    Api.Response refresh(String refreshToken) {
        return api.post("/api/v1/auth/refresh", Map.of("refreshToken", refreshToken));
    }

    static String sessionsOf(String userId) {
        return "/api/v1/admin/users/" + userId + "/sessions";
    }

    static String sid(Api.Response tokens) throws ParseException {
        return SignedJWT.parse(tokens.text("accessToken")).getJWTClaimsSet().getStringClaim("sid");
    }

    static List<String> sessionIds(JsonNode sessions) {
        List<String> ids = new ArrayList<>();
        sessions.forEach(session -> ids.add(session.path("sessionId").asString()));
        return ids;
    }
}
