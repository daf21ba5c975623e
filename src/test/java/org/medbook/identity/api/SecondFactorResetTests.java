package org.medbook.identity.api;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.medbook.identity.application.PasskeyProperties;
import org.medbook.support.Api;
import org.medbook.support.IntegrationTest;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A staff member lost their device: an administrator removes their authenticator, passkeys and
 * recovery codes, which ends their sessions and is audited with the reason; and each refusal.
 */
class SecondFactorResetTests extends IntegrationTest {

    @Autowired
    JdbcClient jdbc;

    @Autowired
    PasskeyProperties passkeys;

    @Test
    void anAdministratorRemovesEverySecondFactorOfAStaffMemberAndEndsTheirSessions() {
        StaffAccount account = newStaffAccount("HELPER", List.of("users:read"));
        String password = "Lost device " + account.email();
        String token = activateStaff(account.email(), account.temporaryPassword(), password).text("accessToken");
        // an authenticator started (its secret stored), and a passkey: the first second factor, so with ten recovery codes
        assertThat(api.post("/api/v1/me/mfa/totp", null, token).status()).isEqualTo(200);
        SoftwareAuthenticator authenticator = new SoftwareAuthenticator();
        Api.Response options = api.post("/api/v1/me/mfa/passkeys/options", null, token);
        assertThat(api.post("/api/v1/me/mfa/passkeys", Map.of("ceremonyId", options.text("ceremonyId"), "label", "Phone",
                "credential", authenticator.create(options.body().path("publicKey"), passkeys.origins().getFirst())),
                token).status()).isEqualTo(201);
        Api.Response pending = api.post("/api/v1/auth/login", Map.of("email", account.email(), "password", password));
        assertThat(pending.problem()).isEqualTo("mfa-required");
        // the pending sign-in has asked for its passkey challenge: that ceremony ends with the reset too
        assertThat(api.post("/api/v1/auth/login/mfa/passkey/options", Map.of("mfaToken", pending.text("mfaToken"))).status())
                .isEqualTo(200);

        String admin = adminToken();
        Api.Response reset = api.post("/api/v1/admin/users/" + account.id() + "/second-factor-reset",
                Map.of("reason", "Phone lost, ticket 4711"), admin);
        assertThat(reset.status()).as(reset.toString()).isEqualTo(204);

        for (String table : List.of("staff_totp", "staff_recovery_codes", "staff_passkeys", "passkey_ceremonies",
                "mfa_challenges")) {
            assertThat(jdbc.sql("SELECT count(*) FROM " + table + " WHERE user_id = :id::uuid").param("id", account.id())
                    .query(Integer.class).single()).as(table).isZero();
        }
        Api.Response revoked = api.get("/api/v1/me", token);
        assertThat(revoked.status()).as(revoked.toString()).isEqualTo(401);
        // the pending sign-in is gone; the password alone signs in, and they may enrol again
        Api.Response stale = api.post("/api/v1/auth/login/mfa/passkey/options", Map.of("mfaToken", pending.text("mfaToken")));
        assertThat(stale.problem()).isEqualTo("invalid-mfa-token");
        Api.Response again = api.post("/api/v1/auth/login", Map.of("email", account.email(), "password", password));
        assertThat(again.status()).as(again.toString()).isEqualTo(200);
        assertThat(api.get("/api/v1/me/mfa", again.text("accessToken")).body().path("passkeys").asInt()).isZero();

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            JsonNode items = api.get("/api/v1/admin/audit?action=mfa.reset&target=user:" + account.id(), admin).body()
                    .path("items");
            assertThat(items.size()).isEqualTo(1);
            assertThat(items.get(0).path("details").path("reason").asString()).isEqualTo("Phone lost, ticket 4711");
            assertThat(items.get(0).path("details").path("passkeysRemoved").asInt()).isEqualTo(1);
            assertThat(items.get(0).path("details").path("recoveryCodesRemoved").asInt()).isEqualTo(10);
        });
    }

    @Test
    void nobodyResetsTheirOwnSecondFactor() {
        String admin = adminToken();
        String adminId = api.get("/api/v1/me", admin).text("id");
        Api.Response self = reset(adminId, admin);
        assertThat(self.status()).as(self.toString()).isEqualTo(422);
        assertThat(self.problem()).isEqualTo("self-administration");
    }

    @Test
    void aPatientHasNoSecondFactorToReset() {
        String patientId = api.get("/api/v1/me", patientToken(uniqueEmail("reset-patient"))).text("id");
        Api.Response refused = reset(patientId, adminToken());
        assertThat(refused.status()).as(refused.toString()).isEqualTo(422);
        assertThat(refused.problem()).isEqualTo("not-staff");
    }

    @Test
    void anUnknownUserIsNotFound() {
        Api.Response refused = reset(UUID.randomUUID().toString(), adminToken());
        assertThat(refused.status()).as(refused.toString()).isEqualTo(404);
    }

    @Test
    void theReasonIsRequired() {
        StaffAccount account = newStaffAccount("HELPER", List.of());
        for (Object body : List.of(Map.of(), Map.of("reason", "  "))) {
            Api.Response refused = api.post("/api/v1/admin/users/" + account.id() + "/second-factor-reset", body,
                    adminToken());
            assertThat(refused.status()).as(refused.toString()).isEqualTo(400);
        }
    }

    @Test
    void onlyAdministratorsResetAdministratorsAndHelpers() {
        String manager = helperToken(List.of("users:manage"));
        StaffAccount helper = newStaffAccount("HELPER", List.of());
        Api.Response refused = reset(helper.id(), manager);
        assertThat(refused.status()).as(refused.toString()).isEqualTo(403);
        assertThat(refused.problem()).isEqualTo("forbidden");
    }

    @Test
    void aHelperWithUsersManageResetsADoctorsSecondFactor() {
        String manager = helperToken(List.of("users:manage"));
        String doctor = api.get("/api/v1/me", doctorToken(createDoctor(Map.of()))).text("id");

        Api.Response reset = reset(doctor, manager);

        assertThat(reset.status()).as(reset.toString()).isEqualTo(204);
    }

    @Test
    void aHelperWithoutUsersManageCannotResetAnyone() {
        String reader = helperToken(List.of("users:read"));
        StaffAccount helper = newStaffAccount("HELPER", List.of());
        Api.Response refused = reset(helper.id(), reader);
        assertThat(refused.status()).as(refused.toString()).isEqualTo(403);
    }

    private Api.Response reset(String userId, String token) {
        return api.post("/api/v1/admin/users/" + userId + "/second-factor-reset", Map.of("reason", "Lost device"), token);
    }
}
