package org.medbook.identity.api;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.medbook.support.Api;
import org.medbook.support.IntegrationTest;
import org.medbook.support.TestDatabase;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class StaffPasswordTests extends IntegrationTest {

    private static final String LOGIN = "/api/v1/auth/login";
    private static final String CHANGE = "/api/v1/auth/password";

    @Test
    void aNewHelperSignsInWithTheMailedTemporaryPasswordAndMustChooseItsOwnFirst() {
        StaffAccount helper = newStaffAccount("HELPER", List.of("users:read"));
        assertThat(helper.temporaryPassword()).hasSize(16);

        Api.Response first = api.post(LOGIN, Map.of("email", helper.email(), "password", helper.temporaryPassword()));
        assertThat(first.status()).as(first.toString()).isEqualTo(403);
        assertThat(first.problem()).isEqualTo("password-change-required");
        assertThat(first.text("refreshToken")).isNull();
        String restricted = first.text("accessToken");
        assertThat(restricted).isNotBlank();
        assertThat(first.body().path("expiresIn").asLong()).isBetween(1L, 300L);

        // The restricted token opens nothing but the password change.
        assertThat(api.get("/api/v1/me", restricted).status()).isEqualTo(403);
        assertThat(api.get("/api/v1/admin/users", restricted).status()).isEqualTo(403);
        assertThat(api.patch("/api/v1/me", Map.of("name", "Sneaky"), restricted).status()).isEqualTo(403);

        String chosen = "Correct horse battery staple " + helper.id();
        Api.Response changed = api.post(CHANGE,
                Map.of("currentPassword", helper.temporaryPassword(), "newPassword", chosen), restricted);
        assertThat(changed.status()).as(changed.toString()).isEqualTo(200);
        assertThat(changed.text("refreshToken")).isNotBlank();
        assertThat(changed.body().path("user").path("id").asString()).isEqualTo(helper.id());
        assertThat(changed.body().path("user").path("roles").toString()).isEqualTo("[\"HELPER\"]");
        assertThat(changed.body().path("user").path("permissions").toString()).isEqualTo("[\"users:read\"]");
        Api.Response me = api.get("/api/v1/me", changed.text("accessToken"));
        assertThat(me.status()).isEqualTo(200);
        assertThat(me.body().path("passwordChangeRequired").asBoolean()).isFalse();

        Api.Response withChosen = api.post(LOGIN, Map.of("email", helper.email(), "password", chosen));
        assertThat(withChosen.status()).as(withChosen.toString()).isEqualTo(200);
        assertThat(api.get("/api/v1/admin/users?size=1", withChosen.text("accessToken")).status()).isEqualTo(200);

        Api.Response withTemporary = api.post(LOGIN, Map.of("email", helper.email(), "password", helper.temporaryPassword()));
        assertThat(withTemporary.status()).isEqualTo(401);
        assertThat(withTemporary.problem()).isEqualTo("invalid-credentials");
    }

    @Test
    void aNewAdminMustAlsoChangeTheFirstPasswordBeforeGettingAdminPowers() {
        StaffAccount admin = newStaffAccount("ADMIN", List.of());

        Api.Response first = api.post(LOGIN, Map.of("email", admin.email(), "password", admin.temporaryPassword()));
        assertThat(first.status()).as(first.toString()).isEqualTo(403);
        assertThat(first.problem()).isEqualTo("password-change-required");
        String restricted = first.text("accessToken");
        assertThat(api.get("/api/v1/admin/users", restricted).status()).isEqualTo(403);
        assertThat(api.post("/api/v1/admin/staff", Map.of("email", uniqueEmail("x"), "name", "X", "role", "HELPER",
                "permissions", List.of()), restricted).status()).isEqualTo(403);

        Api.Response changed = api.post(CHANGE, Map.of("currentPassword", admin.temporaryPassword(),
                "newPassword", "An admin passphrase of my own"), restricted);

        assertThat(changed.status()).as(changed.toString()).isEqualTo(200);
        assertThat(changed.body().path("user").path("roles").toString()).isEqualTo("[\"ADMIN\"]");
        assertThat(changed.body().path("user").path("permissions")).hasSize(org.medbook.identity.Permission.values().length);
        assertThat(api.get("/api/v1/admin/users?size=1", changed.text("accessToken")).status()).isEqualTo(200);
    }

    @Test
    void theBootstrapAdminsConfiguredPasswordStopsWorkingOnceItWasReplaced() {
        String admin = adminToken();
        String adminId = api.get("/api/v1/me", admin).text("id");

        Api.Response bootstrap = api.post(LOGIN, Map.of("email", ADMIN_EMAIL, "password", "bootstrap-secret-1"));
        adminToken(); // a success clears the failure just counted on the shared admin account

        assertThat(bootstrap.status()).isEqualTo(401);
        assertThat(bootstrap.problem()).isEqualTo("invalid-credentials");
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(
                api.get("/api/v1/admin/audit?action=password.changed&actorId=" + adminId, admin)
                        .body().path("totalItems").asLong()).isEqualTo(1));
    }

    @Test
    void aTemporaryPasswordExpiresAfterSeventyTwoHours() {
        StaffAccount helper = newStaffAccount("HELPER", List.of());
        Map<String, String> credentials = Map.of("email", helper.email(), "password", helper.temporaryPassword());

        clock.advance(Duration.ofHours(72).minusMinutes(1));
        Api.Response justInTime = api.post(LOGIN, credentials);
        assertThat(justInTime.status()).isEqualTo(403);
        assertThat(justInTime.problem()).isEqualTo("password-change-required");

        clock.advance(Duration.ofMinutes(1));
        Api.Response late = api.post(LOGIN, credentials);
        assertThat(late.status()).isEqualTo(401);
        assertThat(late.problem()).isEqualTo("temporary-password-expired");

        // The restricted token issued just in time cannot rescue an expired temporary password either.
        Api.Response change = api.post(CHANGE, Map.of("currentPassword", helper.temporaryPassword(),
                "newPassword", "Too late for this one"), justInTime.text("accessToken"));
        assertThat(change.status()).isEqualTo(401);
        assertThat(change.problem()).isEqualTo("temporary-password-expired");
    }

    @Test
    void weakCommonShortAndUnchangedPasswordsAreRefusedNamingTheField() {
        StaffAccount helper = newStaffAccount("HELPER", List.of());
        String restricted = api.post(LOGIN, Map.of("email", helper.email(), "password", helper.temporaryPassword()))
                .text("accessToken");
        String localPart = helper.email().substring(0, helper.email().indexOf('@'));

        List<String> refused = List.of("short1", "Sev3n!x", "password123", "iloveyou1", "PASSWORD123",
                helper.email(), helper.email().toUpperCase(), localPart, helper.temporaryPassword(), "x".repeat(129));
        for (String weak : refused) {
            Api.Response response = api.post(CHANGE,
                    Map.of("currentPassword", helper.temporaryPassword(), "newPassword", weak), restricted);
            assertThat(response.status()).as("%s -> %s", weak, response).isEqualTo(400);
            assertThat(response.problem()).isEqualTo("weak-password");
            assertThat(response.body().path("errors").get(0).path("field").asString()).isEqualTo("newPassword");
            assertThat(response.raw()).doesNotContain(weak);
        }

        // None of that counted against the account: the temporary password is still current and usable.
        Api.Response fine = api.post(CHANGE, Map.of("currentPassword", helper.temporaryPassword(),
                "newPassword", "eight ch"), restricted);
        assertThat(fine.status()).as(fine.toString()).isEqualTo(200);
    }

    @Test
    void aLongPassphraseWithSpacesAndUnicodeIsAcceptedAndWorks() {
        StaffAccount helper = newStaffAccount("HELPER", List.of());
        String passphrase = "Grüße aus Köln — 夜明けの珈琲、静かな朝 ✓ a sentence with spaces ünd mehr!!";
        assertThat(passphrase).hasSize(64);
        assertThat(passphrase.codePointCount(0, passphrase.length())).isEqualTo(64);

        activateStaff(helper.email(), helper.temporaryPassword(), passphrase);

        Api.Response login = api.post(LOGIN, Map.of("email", helper.email(), "password", passphrase));
        assertThat(login.status()).as(login.toString()).isEqualTo(200);
        Api.Response almost = api.post(LOGIN, Map.of("email", helper.email(), "password", passphrase.strip() + " "));
        assertThat(almost.status()).isEqualTo(401);
    }

    @Test
    void unknownEmailWrongPasswordAndPatientEmailAreIndistinguishable() {
        StaffAccount helper = newStaffAccount("HELPER", List.of());
        activateStaff(helper.email(), helper.temporaryPassword(), "The real passphrase 42");
        String patient = uniqueEmail("patient");
        signInPatient(patient);

        Api.Response unknown = api.post(LOGIN, Map.of("email", uniqueEmail("nobody"), "password", "Some password 1"));
        Api.Response wrong = api.post(LOGIN, Map.of("email", helper.email(), "password", "Some password 1"));
        Api.Response ofPatient = api.post(LOGIN, Map.of("email", patient, "password", "Some password 1"));

        for (Api.Response response : List.of(unknown, wrong, ofPatient)) {
            assertThat(response.status()).as(response.toString()).isEqualTo(401);
            assertThat(response.problem()).isEqualTo("invalid-credentials");
            assertThat(response.header("Content-Type")).startsWith("application/problem+json");
        }
        assertThat(withoutRequestIds(wrong.body())).isEqualTo(withoutRequestIds(unknown.body()))
                .isEqualTo(withoutRequestIds(ofPatient.body()));
        assertThat(unknown.text("requestId")).isNotEqualTo(wrong.text("requestId"));
    }

    @Test
    void fiveFailuresLockTheAccountWhichOpensAgainAfterTheLockPasses() {
        StaffAccount helper = newStaffAccount("HELPER", List.of());
        String password = "Locked out passphrase";
        activateStaff(helper.email(), helper.temporaryPassword(), password);
        Map<String, String> wrong = Map.of("email", helper.email(), "password", "not the passphrase");
        Map<String, String> right = Map.of("email", helper.email(), "password", password);

        for (int attempt = 1; attempt <= 5; attempt++) {
            Api.Response failed = api.post(LOGIN, wrong);
            assertThat(failed.status()).as("attempt %d: %s", attempt, failed).isEqualTo(401);
        }

        Api.Response locked = api.post(LOGIN, wrong);
        assertThat(locked.status()).isEqualTo(429);
        assertThat(locked.problem()).isEqualTo("sign-in-locked");
        assertThat(Long.parseLong(locked.header("Retry-After"))).isBetween(1L, 30L);
        Api.Response rightButLocked = api.from(newClientIp()).post(LOGIN, right);
        assertThat(rightButLocked.status()).isEqualTo(429);
        assertThat(rightButLocked.problem()).isEqualTo("sign-in-locked");

        clock.advance(Duration.ofSeconds(31));
        Api.Response open = api.post(LOGIN, right);
        assertThat(open.status()).as(open.toString()).isEqualTo(200);

        String admin = adminToken();
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            Api.Response trail = api.get("/api/v1/admin/audit?action=account.locked&target=user:" + helper.id(), admin);
            assertThat(trail.body().path("totalItems").asLong()).isEqualTo(1);
            JsonNode entry = trail.body().path("items").get(0);
            assertThat(entry.path("ip").asString()).isEqualTo(api.clientIp());
            assertThat(entry.path("details").path("lockedUntil").asString()).isNotBlank();
        });
    }

    @Test
    void eachFailureAfterTheFirstLockDoublesTheNextLock() {
        StaffAccount helper = newStaffAccount("HELPER", List.of());
        String password = "Doubling passphrase";
        activateStaff(helper.email(), helper.temporaryPassword(), password);
        Map<String, String> wrong = Map.of("email", helper.email(), "password", "still not it");
        for (int attempt = 1; attempt <= 5; attempt++) {
            assertThat(api.post(LOGIN, wrong).status()).isEqualTo(401);
        }
        clock.advance(Duration.ofSeconds(31));

        Api.Response sixthFailure = api.post(LOGIN, wrong);
        Api.Response locked = api.post(LOGIN, Map.of("email", helper.email(), "password", password));

        assertThat(sixthFailure.status()).isEqualTo(401);
        assertThat(locked.status()).isEqualTo(429);
        assertThat(Long.parseLong(locked.header("Retry-After"))).isBetween(31L, 60L);
        clock.advance(Duration.ofSeconds(61));
        assertThat(api.post(LOGIN, Map.of("email", helper.email(), "password", password)).status()).isEqualTo(200);
    }

    @Test
    void anUnknownEmailLocksExactlyLikeARealAccount() {
        StaffAccount helper = newStaffAccount("HELPER", List.of());
        activateStaff(helper.email(), helper.temporaryPassword(), "A real account's passphrase");
        String unknown = uniqueEmail("ghost");

        for (int attempt = 1; attempt <= 5; attempt++) {
            Api.Response real = api.post(LOGIN, Map.of("email", helper.email(), "password", "guess " + attempt));
            Api.Response ghost = api.post(LOGIN, Map.of("email", unknown, "password", "guess " + attempt));
            assertThat(ghost.status()).isEqualTo(real.status()).isEqualTo(401);
            assertThat(withoutRequestIds(ghost.body())).isEqualTo(withoutRequestIds(real.body()));
        }
        Api.Response realLocked = api.post(LOGIN, Map.of("email", helper.email(), "password", "guess 6"));
        Api.Response ghostLocked = api.post(LOGIN, Map.of("email", unknown, "password", "guess 6"));

        for (Api.Response locked : List.of(realLocked, ghostLocked)) {
            assertThat(locked.status()).isEqualTo(429);
            assertThat(locked.problem()).isEqualTo("sign-in-locked");
            assertThat(Long.parseLong(locked.header("Retry-After"))).isBetween(1L, 30L);
        }
        ObjectNode real = withoutRequestIds(realLocked.body());
        ObjectNode ghost = withoutRequestIds(ghostLocked.body());
        real.remove("retryAfterSeconds");
        ghost.remove("retryAfterSeconds");
        assertThat(ghost).isEqualTo(real);
    }

    @Test
    void changingThePasswordEndsTheUsersOtherSessions() {
        StaffAccount helper = newStaffAccount("HELPER", List.of());
        String password = "First chosen passphrase";
        Api.Response afterActivation = activateStaff(helper.email(), helper.temporaryPassword(), password);
        Api.Response otherDevice = api.from(newClientIp()).post(LOGIN, Map.of("email", helper.email(), "password", password));
        Api.Response thisDevice = api.post(LOGIN, Map.of("email", helper.email(), "password", password));
        assertThat(otherDevice.status()).isEqualTo(200);
        assertThat(thisDevice.status()).isEqualTo(200);

        Api.Response changed = api.post(CHANGE, Map.of("currentPassword", password,
                "newPassword", "Second chosen passphrase"), thisDevice.text("accessToken"));
        assertThat(changed.status()).as(changed.toString()).isEqualTo(200);

        for (Api.Response ended : List.of(afterActivation, otherDevice, thisDevice)) {
            Api.Response refresh = api.post("/api/v1/auth/refresh", Map.of("refreshToken", ended.text("refreshToken")));
            assertThat(refresh.status()).isEqualTo(401);
            assertThat(refresh.problem()).isEqualTo("invalid-refresh-token");
        }
        Api.Response current = api.post("/api/v1/auth/refresh", Map.of("refreshToken", changed.text("refreshToken")));
        assertThat(current.status()).as(current.toString()).isEqualTo(200);
        assertThat(api.post(LOGIN, Map.of("email", helper.email(), "password", password)).status()).isEqualTo(401);
    }

    @Test
    void wrongCurrentPasswordsAreRefusedAndCountTowardsTheLock() {
        StaffAccount helper = newStaffAccount("HELPER", List.of());
        String password = "Current passphrase here";
        String token = activateStaff(helper.email(), helper.temporaryPassword(), password).text("accessToken");

        for (int attempt = 1; attempt <= 5; attempt++) {
            Api.Response refused = api.post(CHANGE, Map.of("currentPassword", "not my password " + attempt,
                    "newPassword", "Another good passphrase"), token);
            assertThat(refused.status()).isEqualTo(403);
            assertThat(refused.problem()).isEqualTo("invalid-current-password");
        }

        Api.Response login = api.post(LOGIN, Map.of("email", helper.email(), "password", password));
        assertThat(login.status()).isEqualTo(429);
        assertThat(login.problem()).isEqualTo("sign-in-locked");
        clock.advance(Duration.ofSeconds(31));
        assertThat(api.post(LOGIN, Map.of("email", helper.email(), "password", password)).status()).isEqualTo(200);
    }

    @Test
    void anAdminResetMailsANewTemporaryPasswordThatOnlyTheStaffMemberSees() {
        StaffAccount helper = newStaffAccount("HELPER", List.of());
        String password = "Forgotten passphrase";
        Api.Response session = activateStaff(helper.email(), helper.temporaryPassword(), password);

        Api.Response reset = api.post("/api/v1/admin/users/" + helper.id() + "/password-reset", null, adminToken());

        assertThat(reset.status()).isEqualTo(202);
        assertThat(reset.raw()).isEmpty();
        String temporary = temporaryPassword(helper.email(), 2);
        assertThat(temporary).hasSize(16).isNotEqualTo(helper.temporaryPassword());

        Api.Response old = api.post(LOGIN, Map.of("email", helper.email(), "password", password));
        assertThat(old.status()).isEqualTo(401);
        assertThat(old.problem()).isEqualTo("invalid-credentials");
        Api.Response refresh = api.post("/api/v1/auth/refresh", Map.of("refreshToken", session.text("refreshToken")));
        assertThat(refresh.status()).isEqualTo(401);

        Api.Response fresh = activateStaff(helper.email(), temporary, "Remembered passphrase");
        assertThat(fresh.body().path("user").path("id").asString()).isEqualTo(helper.id());
    }

    @Test
    void onlyStaffAccountsCanBeGivenAPasswordReset() {
        String patient = uniqueEmail("patient");
        String patientId = signInPatient(patient).body().path("user").path("id").asString();

        Api.Response reset = api.post("/api/v1/admin/users/" + patientId + "/password-reset", null, adminToken());

        assertThat(reset.status()).isEqualTo(422);
        assertThat(reset.problem()).isEqualTo("not-staff");
        assertThat(mailsTo(patient)).hasSize(1); // only the sign-in code
    }

    @Test
    void passwordsAreStoredAsArgon2idHashes() throws Exception {
        StaffAccount helper = newStaffAccount("HELPER", List.of());
        String password = "Hashed passphrase";
        assertThat(storedHash(helper.email())).startsWith("$argon2id$").doesNotContain(helper.temporaryPassword());
        String temporaryHash = storedHash(helper.email());

        activateStaff(helper.email(), helper.temporaryPassword(), password);

        String hash = storedHash(helper.email());
        assertThat(hash).startsWith("$argon2id$v=19$").doesNotContain(password).isNotEqualTo(temporaryHash);
    }

    private static String storedHash(String email) throws Exception {
        try (Connection connection = TestDatabase.connect();
             PreparedStatement query = connection.prepareStatement("SELECT password_hash FROM users WHERE email = ?")) {
            query.setString(1, email);
            try (ResultSet rows = query.executeQuery()) {
                assertThat(rows.next()).as("a user with e-mail %s", email).isTrue();
                return rows.getString(1);
            }
        }
    }

    private static ObjectNode withoutRequestIds(JsonNode body) {
        ObjectNode copy = (ObjectNode) body.deepCopy();
        copy.remove("requestId");
        copy.remove("traceId");
        return copy;
    }
}
