package org.medbook.identity.api;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.medbook.identity.domain.Base32;
import org.medbook.identity.domain.Totp;
import org.medbook.support.Api;
import org.medbook.support.IntegrationTest;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Staff authenticators (TOTP) and recovery codes: enrolment, the two-step sign-in, no replay of a code,
 * the lockout of wrong codes, single-use recovery codes. The clock is pinned to a fixed future instant
 * at the start of a 30-second step, and codes are computed here from the secret and that clock.
 */
class StaffSecondFactorTests extends IntegrationTest {

    /** The start of a TOTP step (divisible by 30 s), long after any token the shared context issued. */
    static final Instant FUTURE = Instant.parse("2031-06-02T09:00:00Z");

    @Autowired
    JdbcClient jdbc;

    @Test
    void aStaffMemberEnrolsAnAuthenticatorAndThenSignsInWithAPasswordAndACode() {
        Staff staff = activeStaff("enrol");
        clock.setTo(FUTURE);
        String token = staff.signInWithoutSecondFactor();

        Api.Response enrolment = api.post("/api/v1/me/mfa/totp", null, token);
        assertThat(enrolment.status()).as(enrolment.toString()).isEqualTo(200);
        assertThat(enrolment.header("Cache-Control")).contains("no-store");
        String secret = enrolment.text("secret");
        assertThat(enrolment.text("otpauthUri"))
                .startsWith("otpauth://totp/Medbook:" + staff.email().replace("@", "%40") + "?secret=" + secret)
                .contains("algorithm=SHA1", "digits=6", "period=30");
        // stored sealed: the database holds neither the secret nor its base32
        byte[] stored = jdbc.sql("SELECT secret FROM staff_totp WHERE user_id = :id::uuid").param("id", staff.id())
                .query(byte[].class).single();
        assertThat(new String(stored, StandardCharsets.ISO_8859_1))
                .doesNotContain(new String(Base32.decode(secret), StandardCharsets.ISO_8859_1))
                .doesNotContain(secret);

        // not active until confirmed: the password alone still signs in
        assertThat(staff.passwordStep().status()).isEqualTo(200);
        Api.Response wrong = api.post("/api/v1/me/mfa/totp/confirm", Map.of("code", otherCode(secret)), token);
        assertThat(wrong.status()).as(wrong.toString()).isEqualTo(422);
        assertThat(wrong.problem()).isEqualTo("invalid-second-factor");

        Api.Response confirmed = api.post("/api/v1/me/mfa/totp/confirm", Map.of("code", code(secret)), token);
        assertThat(confirmed.status()).as(confirmed.toString()).isEqualTo(200);
        JsonNode recovery = confirmed.body().path("recoveryCodes");
        assertThat(recovery.size()).isEqualTo(10);
        Api.Response status = api.get("/api/v1/me/mfa", token);
        assertThat(status.body().path("totpEnrolled").asBoolean()).isTrue();
        assertThat(status.body().path("recoveryCodesLeft").asInt()).isEqualTo(10);
        assertThat(api.post("/api/v1/me/mfa/totp", null, token).problem()).isEqualTo("mfa-already-enrolled");

        Api.Response passwordStep = staff.passwordStep();
        assertThat(passwordStep.status()).as(passwordStep.toString()).isEqualTo(401);
        assertThat(passwordStep.problem()).isEqualTo("mfa-required");
        assertThat(passwordStep.text("accessToken")).isNull();
        assertThat(passwordStep.text("refreshToken")).isNull();
        assertThat(passwordStep.body().path("expiresIn").asLong()).isEqualTo(300);

        clock.advance(Duration.ofSeconds(30));
        Api.Response signedIn = secondStep(passwordStep.text("mfaToken"), code(secret));
        assertThat(signedIn.status()).as(signedIn.toString()).isEqualTo(200);
        assertThat(signedIn.text("refreshToken")).isNotBlank();
        assertThat(api.get("/api/v1/me", signedIn.text("accessToken")).text("id")).isEqualTo(staff.id());
        // the challenge is used up by the sign-in it completed
        clock.advance(Duration.ofSeconds(30));
        assertThat(secondStep(passwordStep.text("mfaToken"), code(secret)).problem()).isEqualTo("invalid-mfa-token");

        String admin = adminToken();
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            assertThat(audited(admin, "mfa.enrolled", staff)).as("mfa.enrolled").isEqualTo(1);
        });
    }

    @Test
    void aMemberWithOnlyAnAuthenticatorIsToldTheyHaveNoPasskeyToSignInWith() {
        Staff staff = activeStaff("no-passkey");
        clock.setTo(FUTURE);
        String secret = staff.enrol().secret();
        clock.advance(Duration.ofSeconds(30));
        String mfaToken = staff.passwordStep().text("mfaToken");

        Api.Response options = api.post("/api/v1/auth/login/mfa/passkey/options", Map.of("mfaToken", mfaToken));
        assertThat(options.status()).as(options.toString()).isEqualTo(422);
        assertThat(options.problem()).isEqualTo("no-passkey");
        assertThat(options.text("ceremonyId")).isNull();
        // the sign-in itself goes on with the authenticator
        assertThat(secondStep(mfaToken, code(secret)).status()).isEqualTo(200);
    }

    @Test
    void anAuthenticatorCodeIsAcceptedOnceEvenWithinItsWindow() {
        Staff staff = activeStaff("replay");
        clock.setTo(FUTURE);
        String secret = staff.enrol().secret();
        clock.advance(Duration.ofSeconds(30));
        String code = code(secret);

        assertThat(secondStep(staff.passwordStep().text("mfaToken"), code).status()).isEqualTo(200);

        Api.Response replayed = secondStep(staff.passwordStep().text("mfaToken"), code);
        assertThat(replayed.status()).as(replayed.toString()).isEqualTo(401);
        assertThat(replayed.problem()).isEqualTo("invalid-second-factor");
        assertThat(replayed.text("accessToken")).isNull();
        // nor the previous step's code, which the drift window would otherwise still take
        clock.advance(Duration.ofSeconds(10));
        assertThat(secondStep(staff.passwordStep().text("mfaToken"), code).problem()).isEqualTo("invalid-second-factor");

        clock.advance(Duration.ofSeconds(20));
        assertThat(secondStep(staff.passwordStep().text("mfaToken"), code(secret)).status()).isEqualTo(200);
    }

    @Test
    void wrongCodesAreLockedOutLikeWrongPasswords() {
        Staff staff = activeStaff("guess");
        clock.setTo(FUTURE);
        String secret = staff.enrol().secret();
        clock.advance(Duration.ofSeconds(30));
        String challenge = staff.passwordStep().text("mfaToken");

        for (int i = 0; i < 5; i++) {
            Api.Response wrong = secondStep(challenge, otherCode(secret));
            assertThat(wrong.status()).as(wrong.toString()).isEqualTo(401);
            assertThat(wrong.problem()).isEqualTo("invalid-second-factor");
        }
        Api.Response locked = secondStep(challenge, code(secret));
        assertThat(locked.status()).as(locked.toString()).isEqualTo(429);
        assertThat(locked.problem()).isEqualTo("sign-in-locked");
        // the lock's own 30 s on the pinned clock, not the short wait for checks still under way
        assertThat(Long.parseLong(locked.header("Retry-After"))).isEqualTo(30L);

        clock.advance(Duration.ofSeconds(31));
        Api.Response afterTheLock = secondStep(challenge, code(secret));
        assertThat(afterTheLock.status()).as(afterTheLock.toString()).isEqualTo(200);

        String admin = adminToken();
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            assertThat(audited(admin, "mfa.refused", staff)).as("mfa.refused").isEqualTo(5);
            assertThat(audited(admin, "account.locked", staff)).as("account.locked").isEqualTo(1);
        });
    }

    @Test
    void wrongCurrentPasswordsLockTheAccountLikeWrongSignIns() {
        Staff staff = activeStaff("current-password");
        clock.setTo(FUTURE);
        String recoveryCode = staff.enrol().recoveryCodes().get(0);
        String token = secondStep(staff.passwordStep().text("mfaToken"), recoveryCode).text("accessToken");

        for (int i = 0; i < 5; i++) {
            Api.Response wrong = api.post("/api/v1/me/mfa/recovery-codes", Map.of("currentPassword", "not mine " + i), token);
            assertThat(wrong.status()).as(wrong.toString()).isEqualTo(403);
            assertThat(wrong.problem()).isEqualTo("invalid-current-password");
        }
        Api.Response locked = api.post("/api/v1/me/mfa/recovery-codes", Map.of("currentPassword", staff.password()), token);
        assertThat(locked.status()).as(locked.toString()).isEqualTo(429);
        assertThat(Long.parseLong(locked.header("Retry-After"))).isEqualTo(30L);
    }

    @Test
    void aRecoveryCodeSignsInOnceAndRegeneratedCodesReplaceTheOldOnes() {
        Staff staff = activeStaff("recovery");
        clock.setTo(FUTURE);
        Enrolled enrolled = staff.enrol();
        List<String> codes = enrolled.recoveryCodes();
        assertThat(codes).hasSize(10).doesNotHaveDuplicates();

        Api.Response recovered = secondStep(staff.passwordStep().text("mfaToken"), codes.get(0).toLowerCase());
        assertThat(recovered.status()).as(recovered.toString()).isEqualTo(200);
        String token = recovered.text("accessToken");
        assertThat(secondStep(staff.passwordStep().text("mfaToken"), codes.get(0)).problem())
                .isEqualTo("invalid-second-factor");
        assertThat(api.get("/api/v1/me/mfa", token).body().path("recoveryCodesLeft").asInt()).isEqualTo(9);

        Api.Response withoutCode = api.post("/api/v1/me/mfa/recovery-codes", Map.of("code", codes.get(1)), token);
        assertThat(withoutCode.status()).as("a recovery code cannot mint new ones: %s", withoutCode).isEqualTo(422);
        clock.advance(Duration.ofSeconds(30));
        Api.Response regenerated = api.post("/api/v1/me/mfa/recovery-codes", Map.of("code", code(enrolled.secret())), token);
        assertThat(regenerated.status()).as(regenerated.toString()).isEqualTo(200);
        List<String> fresh = texts(regenerated.body().path("recoveryCodes"));
        assertThat(fresh).hasSize(10).doesNotContainAnyElementsOf(codes);

        assertThat(secondStep(staff.passwordStep().text("mfaToken"), codes.get(2)).problem())
                .isEqualTo("invalid-second-factor");
        assertThat(secondStep(staff.passwordStep().text("mfaToken"), fresh.get(0)).status()).isEqualTo(200);
    }

    @Test
    void aStaffMemberRemovesTheirAuthenticatorWithTheirPasswordAndTheRecoveryCodesGoWithIt() {
        Staff staff = activeStaff("remove-totp");
        clock.setTo(FUTURE);
        Enrolled enrolled = staff.enrol();
        clock.advance(Duration.ofSeconds(30));
        String token = secondStep(staff.passwordStep().text("mfaToken"), code(enrolled.secret())).text("accessToken");

        Api.Response noPassword = api.send("DELETE", "/api/v1/me/mfa/totp", Map.of(), token, Map.of());
        assertThat(noPassword.status()).as(noPassword.toString()).isEqualTo(400);
        Api.Response wrong = api.send("DELETE", "/api/v1/me/mfa/totp", Map.of("currentPassword", "not my password"), token,
                Map.of());
        assertThat(wrong.status()).as(wrong.toString()).isEqualTo(403);
        assertThat(wrong.problem()).isEqualTo("invalid-current-password");
        assertThat(rows("staff_totp", staff)).isOne();

        Api.Response removed = api.send("DELETE", "/api/v1/me/mfa/totp", Map.of("currentPassword", staff.password()), token,
                Map.of());
        assertThat(removed.status()).as(removed.toString()).isEqualTo(204);
        assertThat(rows("staff_totp", staff)).isZero();
        assertThat(rows("staff_recovery_codes", staff)).as("the last second factor took the recovery codes").isZero();
        Api.Response status = api.get("/api/v1/me/mfa", token);
        assertThat(status.body().path("totpEnrolled").asBoolean()).isFalse();
        assertThat(status.body().path("recoveryCodesLeft").asInt()).isZero();
        // the password alone signs in again, and no recovery code is left to use
        assertThat(staff.passwordStep().status()).isEqualTo(200);
        Api.Response again = api.send("DELETE", "/api/v1/me/mfa/totp", Map.of("currentPassword", staff.password()), token,
                Map.of());
        assertThat(again.status()).as(again.toString()).isEqualTo(404);

        String admin = adminToken();
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
            JsonNode audit = api.get("/api/v1/admin/audit?action=mfa.totp-removed&target=user:" + staff.id(), admin).body();
            assertThat(audit.path("items").size()).as(audit.toString()).isEqualTo(1);
            assertThat(audit.path("items").get(0).path("details").path("confirmed").asBoolean()).isTrue();
            JsonNode codes = api.get("/api/v1/admin/audit?action=mfa.recovery-codes-removed&target=user:" + staff.id(),
                    admin).body();
            assertThat(codes.path("items").get(0).path("details").path("unusedCodes").asInt()).isEqualTo(10);
            JsonNode inbox = api.get("/api/v1/notifications?size=100", token).body().path("items");
            assertThat(inbox.toString()).contains("SECOND_FACTOR_REMOVED");
            assertThat(mailsTo(staff.email()).stream().anyMatch(mail -> subject(mail)
                    .equals("A second factor was removed from your account"))).isTrue();
        });
    }

    @Test
    void anAuthenticatorWhoseEnrolmentWasNeverConfirmedIsRemovedWithoutANotice() {
        Staff staff = activeStaff("remove-pending");
        clock.setTo(FUTURE);
        String token = staff.signInWithoutSecondFactor();
        assertThat(api.post("/api/v1/me/mfa/totp", null, token).status()).isEqualTo(200);

        Api.Response removed = api.send("DELETE", "/api/v1/me/mfa/totp", Map.of("currentPassword", staff.password()), token,
                Map.of());

        assertThat(removed.status()).as(removed.toString()).isEqualTo(204);
        assertThat(rows("staff_totp", staff)).isZero();
        String admin = adminToken();
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
            JsonNode audit = api.get("/api/v1/admin/audit?action=mfa.totp-removed&target=user:" + staff.id(), admin).body();
            assertThat(audit.path("items").size()).as(audit.toString()).isEqualTo(1);
            assertThat(audit.path("items").get(0).path("details").path("confirmed").asBoolean()).isFalse();
        });
        assertThat(api.get("/api/v1/admin/audit?action=mfa.recovery-codes-removed&target=user:" + staff.id(), admin).body()
                .path("items").size()).isZero();
        assertThat(api.get("/api/v1/notifications?size=100", token).body().toString()).doesNotContain("SECOND_FACTOR_REMOVED");
    }

    @Test
    void regeneratingTakesExactlyOneProofAndIsRefusedWithoutASecondFactor() {
        Staff staff = activeStaff("regenerate-proof");
        clock.setTo(FUTURE);
        String token = staff.signInWithoutSecondFactor();

        Api.Response none = api.post("/api/v1/me/mfa/recovery-codes", Map.of("currentPassword", staff.password()), token);
        assertThat(none.status()).as(none.toString()).isEqualTo(409);
        assertThat(none.problem()).isEqualTo("mfa-not-enrolled");
        assertThat(rows("staff_recovery_codes", staff)).isZero();
        // nothing to regenerate is said before any password is checked, so a wrong one is not counted as a guess
        Api.Response noneWrongPassword = api.post("/api/v1/me/mfa/recovery-codes", Map.of("currentPassword", "not mine"),
                token);
        assertThat(noneWrongPassword.status()).as(noneWrongPassword.toString()).isEqualTo(409);
        assertThat(noneWrongPassword.problem()).isEqualTo("mfa-not-enrolled");

        String secret = api.post("/api/v1/me/mfa/totp", null, token).text("secret");
        List<String> first = texts(api.post("/api/v1/me/mfa/totp/confirm", Map.of("code", code(secret)), token).body()
                .path("recoveryCodes"));
        clock.advance(Duration.ofSeconds(30));
        for (Map<String, String> body : List.of(Map.<String, String>of(),
                Map.of("code", code(secret), "currentPassword", staff.password()))) {
            Api.Response refused = api.post("/api/v1/me/mfa/recovery-codes", body, token);
            assertThat(refused.status()).as(refused.toString()).isEqualTo(400);
        }
        Api.Response wrong = api.post("/api/v1/me/mfa/recovery-codes", Map.of("currentPassword", "not my password"), token);
        assertThat(wrong.status()).as(wrong.toString()).isEqualTo(403);
        assertThat(wrong.problem()).isEqualTo("invalid-current-password");

        Api.Response withPassword = api.post("/api/v1/me/mfa/recovery-codes", Map.of("currentPassword", staff.password()),
                token);
        assertThat(withPassword.status()).as(withPassword.toString()).isEqualTo(200);
        assertThat(withPassword.header("Cache-Control")).contains("no-store");
        List<String> fresh = texts(withPassword.body().path("recoveryCodes"));
        assertThat(fresh).hasSize(10).doesNotContainAnyElementsOf(first);
        assertThat(secondStep(staff.passwordStep().text("mfaToken"), first.get(0)).problem())
                .isEqualTo("invalid-second-factor");
        assertThat(secondStep(staff.passwordStep().text("mfaToken"), fresh.get(0)).status()).isEqualTo(200);

        String admin = adminToken();
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
            JsonNode audit = api.get("/api/v1/admin/audit?action=mfa.recovery-codes-regenerated&target=user:" + staff.id(),
                    admin).body();
            assertThat(audit.path("items").size()).as(audit.toString()).isEqualTo(1);
            assertThat(audit.path("items").get(0).path("details").path("confirmedWith").asString()).isEqualTo("password");
        });
    }

    @Test
    void patientsCannotEnrolAndSignInAsBefore() {
        clock.setTo(FUTURE);
        Api.Response patient = signInPatient(uniqueEmail("mfa-patient"));
        assertThat(patient.status()).isEqualTo(200);
        assertThat(patient.text("refreshToken")).isNotBlank();

        Api.Response enrol = api.post("/api/v1/me/mfa/totp", null, patient.text("accessToken"));
        assertThat(enrol.status()).as(enrol.toString()).isEqualTo(403);
        assertThat(api.get("/api/v1/me/mfa", patient.text("accessToken")).status()).isEqualTo(403);
    }

    // --- helpers ---

    record Enrolled(String secret, List<String> recoveryCodes) {
    }

    record Staff(StaffSecondFactorTests test, String id, String email, String password) {

        Api.Response passwordStep() {
            return test.api.post("/api/v1/auth/login", Map.of("email", email, "password", password));
        }

        String signInWithoutSecondFactor() {
            Api.Response login = passwordStep();
            assertThat(login.status()).as(login.toString()).isEqualTo(200);
            return login.text("accessToken");
        }

        /** Enrols an authenticator at the current (pinned) step; the next code is one step later. */
        Enrolled enrol() {
            String token = signInWithoutSecondFactor();
            String secret = test.api.post("/api/v1/me/mfa/totp", null, token).text("secret");
            Api.Response confirmed = test.api.post("/api/v1/me/mfa/totp/confirm", Map.of("code", test.code(secret)), token);
            assertThat(confirmed.status()).as(confirmed.toString()).isEqualTo(200);
            return new Enrolled(secret, texts(confirmed.body().path("recoveryCodes")));
        }
    }

    /** A helper past the forced password change, signed in on the real clock (before any pinning). */
    Staff activeStaff(String name) {
        StaffAccount account = newStaffAccount("HELPER", List.of("users:read"));
        String password = "Second factor " + name + " " + account.email();
        activateStaff(account.email(), account.temporaryPassword(), password);
        return new Staff(this, account.id(), account.email(), password);
    }

    Api.Response secondStep(String mfaToken, String code) {
        return api.post("/api/v1/auth/login/mfa", Map.of("mfaToken", mfaToken, "code", code));
    }

    /** The authenticator app's code now, computed from the secret and the test clock. */
    String code(String secret) {
        Totp totp = Totp.AUTHENTICATOR;
        return totp.code(Base32.decode(secret), totp.step(clock.instant()));
    }

    /** A code no step near now has. */
    String otherCode(String secret) {
        Totp totp = Totp.AUTHENTICATOR;
        byte[] key = Base32.decode(secret);
        long step = totp.step(clock.instant());
        List<String> near = List.of(totp.code(key, step - 1), totp.code(key, step), totp.code(key, step + 1));
        for (int candidate = 0; ; candidate++) {
            String code = String.format("%06d", candidate);
            if (!near.contains(code)) {
                return code;
            }
        }
    }

    int rows(String table, Staff staff) {
        return jdbc.sql("SELECT count(*) FROM " + table + " WHERE user_id = :id::uuid").param("id", staff.id())
                .query(Integer.class).single();
    }

    static String subject(jakarta.mail.internet.MimeMessage mail) {
        try {
            return mail.getSubject();
        } catch (jakarta.mail.MessagingException e) {
            throw new IllegalStateException(e);
        }
    }

    static List<String> texts(JsonNode array) {
        List<String> values = new ArrayList<>();
        array.forEach(node -> values.add(node.asString()));
        return values;
    }

    /** How many entries of this action the audit trail holds on the staff member's account. */
    int audited(String admin, String action, Staff staff) {
        return api.get("/api/v1/admin/audit?action=" + action + "&target=user:" + staff.id(), admin).body().path("items").size();
    }
}
