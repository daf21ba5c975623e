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
 * Passkeys as a staff second factor, over HTTP with an authenticator built in software: registration,
 * the two-step sign-in answered with an assertion, and each refusal (a counter that goes back, another
 * origin or RP id, a replayed challenge, another member's passkey, a patient).
 */
class StaffPasskeyTests extends IntegrationTest {

    @Autowired
    JdbcClient jdbc;

    @Autowired
    PasskeyProperties passkeys;

    @Test
    void aStaffMemberRegistersAPasskeyAndThenSignsInWithIt() {
        Staff staff = activeStaff("enrol");
        String token = staff.signInWithoutSecondFactor();
        SoftwareAuthenticator authenticator = new SoftwareAuthenticator();

        Api.Response options = api.post("/api/v1/me/mfa/passkeys/options", null, token);
        assertThat(options.status()).as(options.toString()).isEqualTo(200);
        assertThat(options.header("Cache-Control")).contains("no-store");
        JsonNode publicKey = options.body().path("publicKey");
        assertThat(publicKey.path("rp").path("id").asString()).isEqualTo(passkeys.rpId());
        assertThat(publicKey.path("user").path("name").asString()).isEqualTo(staff.email());
        // the user handle is random, never the account's id
        assertThat(publicKey.path("user").path("id").asString()).isNotBlank().doesNotContain(staff.id());
        assertThat(publicKey.path("challenge").asString()).isNotBlank();
        assertThat(publicKey.path("attestation").asString()).isEqualTo("none");

        Api.Response registered = register(token, options, authenticator.create(publicKey, origin()), "Office laptop");
        assertThat(registered.status()).as(registered.toString()).isEqualTo(201);
        assertThat(registered.text("label")).isEqualTo("Office laptop");
        assertThat(registered.body().path("transports").toString()).isEqualTo("[\"hybrid\",\"internal\"]");
        assertThat(registered.header("Location")).endsWith("/api/v1/me/mfa/passkeys/" + registered.text("id"));
        Map<String, Object> stored = jdbc.sql("""
                SELECT label, sign_count, octet_length(public_key_cose) AS key_bytes, encode(credential_id, 'base64') AS credential
                FROM staff_passkeys WHERE user_id = :id::uuid
                """).param("id", staff.id()).query().singleRow();
        assertThat(stored).containsEntry("label", "Office laptop").containsEntry("sign_count", 0L);
        assertThat((Integer) stored.get("key_bytes")).isGreaterThan(64);

        Api.Response list = api.get("/api/v1/me/mfa/passkeys", token);
        assertThat(list.body().size()).isEqualTo(1);
        assertThat(list.body().get(0).path("id").asString()).isEqualTo(registered.text("id"));
        assertThat(api.get("/api/v1/me/mfa", token).body().path("passkeys").asInt()).isEqualTo(1);
        // registering it again excludes it, and the same credential cannot be registered twice
        Api.Response again = api.post("/api/v1/me/mfa/passkeys/options", null, token);
        assertThat(again.body().path("publicKey").path("excludeCredentials").get(0).path("id").asString())
                .isEqualTo(authenticator.credentialId());
        Api.Response twice = register(token, again, authenticator.create(again.body().path("publicKey"), origin()), "Twice");
        assertThat(twice.status()).as(twice.toString()).isEqualTo(409);
        assertThat(twice.problem()).isEqualTo("passkey-already-registered");

        Api.Response passwordStep = staff.passwordStep();
        assertThat(passwordStep.status()).as(passwordStep.toString()).isEqualTo(401);
        assertThat(passwordStep.problem()).isEqualTo("mfa-required");
        assertThat(passwordStep.body().path("methods").toString()).isEqualTo("[\"passkey\"]");
        String mfaToken = passwordStep.text("mfaToken");

        Api.Response request = api.post("/api/v1/auth/login/mfa/passkey/options", Map.of("mfaToken", mfaToken));
        assertThat(request.status()).as(request.toString()).isEqualTo(200);
        JsonNode requestOptions = request.body().path("publicKey");
        assertThat(requestOptions.path("rpId").asString()).isEqualTo(passkeys.rpId());
        assertThat(requestOptions.path("allowCredentials").size()).isEqualTo(1);
        assertThat(requestOptions.path("allowCredentials").get(0).path("id").asString()).isEqualTo(authenticator.credentialId());

        Api.Response signedIn = answer(mfaToken, request, authenticator.get(requestOptions, origin(), 1));
        assertThat(signedIn.status()).as(signedIn.toString()).isEqualTo(200);
        assertThat(signedIn.text("refreshToken")).isNotBlank();
        assertThat(api.get("/api/v1/me", signedIn.text("accessToken")).text("id")).isEqualTo(staff.id());
        assertThat(jdbc.sql("SELECT sign_count FROM staff_passkeys WHERE user_id = :id::uuid").param("id", staff.id())
                .query(Long.class).single()).isEqualTo(1L);
        assertThat(api.get("/api/v1/me/mfa/passkeys", signedIn.text("accessToken")).body().get(0).path("lastUsedAt")
                .asString()).isNotBlank();
        // the sign-in's token is used up
        Api.Response used = api.post("/api/v1/auth/login/mfa/passkey/options", Map.of("mfaToken", mfaToken));
        assertThat(used.status()).isEqualTo(401);
        assertThat(used.problem()).isEqualTo("invalid-mfa-token");

        String admin = adminToken();
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            assertThat(audit(admin, "mfa.enrolled", staff).path("items").get(0).path("details").path("method").asString())
                    .isEqualTo("passkey");
            assertThat(audit(admin, "mfa.passkey-used", staff).path("items").size()).isEqualTo(1);
            assertThat(audit(admin, "sign-in.succeeded", staff).toString()).contains("password+passkey");
        });
    }

    @Test
    void aSignatureCounterThatDoesNotMoveForwardIsRefusedAsACopiedAuthenticator() {
        Staff staff = activeStaff("clone");
        SoftwareAuthenticator authenticator = staff.registerPasskey();

        assertThat(signIn(staff, authenticator, 5).status()).isEqualTo(200);

        for (long copied : List.of(3L, 5L)) {
            Api.Response cloned = signIn(staff, authenticator, copied);
            assertThat(cloned.status()).as(cloned.toString()).isEqualTo(401);
            assertThat(cloned.problem()).isEqualTo("passkey-cloned");
            assertThat(cloned.text("accessToken")).isNull();
        }
        assertThat(jdbc.sql("SELECT sign_count FROM staff_passkeys WHERE user_id = :id::uuid").param("id", staff.id())
                .query(Long.class).single()).isEqualTo(5L);
        assertThat(signIn(staff, authenticator, 6).status()).isEqualTo(200);

        String admin = adminToken();
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(audit(admin, "mfa.refused", staff).toString()).contains("passkey-cloned"));
    }

    @Test
    void anAnswerForAnotherOriginOrAnotherRelyingPartyIsRefused() {
        Staff staff = activeStaff("origin");
        String token = staff.signInWithoutSecondFactor();
        SoftwareAuthenticator authenticator = new SoftwareAuthenticator();

        Api.Response options = api.post("/api/v1/me/mfa/passkeys/options", null, token);
        Api.Response phished = register(token, options,
                authenticator.create(options.body().path("publicKey"), "https://medbook.example.evil"), "Phished");
        assertThat(phished.status()).as(phished.toString()).isEqualTo(422);
        assertThat(phished.problem()).isEqualTo("passkey-wrong-origin");
        assertThat(api.get("/api/v1/me/mfa/passkeys", token).body().size()).isZero();

        staff.registerPasskey(authenticator);
        String mfaToken = staff.passwordStep().text("mfaToken");
        Api.Response request = passkeyOptions(mfaToken);
        Api.Response wrongOrigin = answer(mfaToken, request,
                authenticator.get(request.body().path("publicKey"), "https://medbook.example.evil", 1));
        assertThat(wrongOrigin.status()).as(wrongOrigin.toString()).isEqualTo(401);
        assertThat(wrongOrigin.problem()).isEqualTo("passkey-wrong-origin");

        request = passkeyOptions(mfaToken);
        Api.Response wrongRp = answer(mfaToken, request,
                authenticator.get(request.body().path("publicKey"), origin(), "evil.example", 2));
        assertThat(wrongRp.status()).as(wrongRp.toString()).isEqualTo(401);
        assertThat(wrongRp.problem()).isEqualTo("passkey-wrong-rp-id");

        // neither refusal used up the sign-in: the right answer still completes it
        request = passkeyOptions(mfaToken);
        assertThat(answer(mfaToken, request, authenticator.get(request.body().path("publicKey"), origin(), 3)).status())
                .isEqualTo(200);
    }

    @Test
    void aChallengeIsAnsweredOnceAndAnOldAnswerFitsNoNewChallenge() {
        Staff staff = activeStaff("replay");
        String token = staff.signInWithoutSecondFactor();
        SoftwareAuthenticator authenticator = new SoftwareAuthenticator();
        Api.Response options = api.post("/api/v1/me/mfa/passkeys/options", null, token);
        Map<String, Object> creation = authenticator.create(options.body().path("publicKey"), origin());
        assertThat(register(token, options, creation, "Key").status()).isEqualTo(201);
        Api.Response registeredAgain = register(token, options, creation, "Key");
        assertThat(registeredAgain.status()).as(registeredAgain.toString()).isEqualTo(422);
        assertThat(registeredAgain.problem()).isEqualTo("invalid-passkey-ceremony");

        String mfaToken = staff.passwordStep().text("mfaToken");
        Api.Response request = passkeyOptions(mfaToken);
        Map<String, Object> assertion = authenticator.get(request.body().path("publicKey"), origin(), 1);
        assertThat(answer(mfaToken, request, assertion).status()).isEqualTo(200);

        // the same answer, captured, against the next sign-in: its ceremony is gone...
        String next = staff.passwordStep().text("mfaToken");
        Api.Response replayed = answer(next, request, assertion);
        assertThat(replayed.status()).as(replayed.toString()).isEqualTo(401);
        assertThat(replayed.problem()).isEqualTo("invalid-passkey-ceremony");
        // ...and under a fresh ceremony it answers the wrong challenge
        Api.Response fresh = passkeyOptions(next);
        Api.Response mismatched = answer(next, fresh, assertion);
        assertThat(mismatched.status()).as(mismatched.toString()).isEqualTo(401);
        assertThat(mismatched.problem()).isEqualTo("passkey-challenge-mismatch");

        String admin = adminToken();
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(audit(admin, "mfa.refused", staff).toString())
                .contains("invalid-passkey-ceremony", "passkey-challenge-mismatch"));
    }

    @Test
    void anotherMembersPasskeyDoesNotCompleteASignIn() {
        Staff anna = activeStaff("anna");
        Staff ben = activeStaff("ben");
        SoftwareAuthenticator annasKey = anna.registerPasskey();
        ben.registerPasskey();

        String bensSignIn = ben.passwordStep().text("mfaToken");
        Api.Response request = passkeyOptions(bensSignIn);
        Api.Response refused = answer(bensSignIn, request, annasKey.get(request.body().path("publicKey"), origin(), 1));
        assertThat(refused.status()).as(refused.toString()).isEqualTo(401);
        assertThat(refused.problem()).isEqualTo("passkey-not-yours");
        assertThat(refused.text("accessToken")).isNull();
        // Anna's counter did not move: her own next sign-in with counter 1 works
        assertThat(signIn(anna, annasKey, 1).status()).isEqualTo(200);
    }

    @Test
    void aRegistrationAgainstAnUnknownCeremonyIsRefusedAndAudited() {
        Staff staff = activeStaff("unknown-ceremony");
        String token = staff.signInWithoutSecondFactor();
        Api.Response options = api.post("/api/v1/me/mfa/passkeys/options", null, token);
        Map<String, Object> credential = new SoftwareAuthenticator().create(options.body().path("publicKey"), origin());

        Api.Response refused = api.post("/api/v1/me/mfa/passkeys", Map.of("ceremonyId", UUID.randomUUID().toString(),
                "label", "Laptop", "credential", credential), token);

        assertThat(refused.status()).as(refused.toString()).isEqualTo(422);
        assertThat(refused.problem()).isEqualTo("invalid-passkey-ceremony");
        assertThat(api.get("/api/v1/me/mfa/passkeys", token).body().size()).isZero();
        String admin = adminToken();
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            JsonNode items = audit(admin, "mfa.refused", staff).path("items");
            assertThat(items.size()).as(items.toString()).isEqualTo(1);
            assertThat(items.get(0).path("details").path("reason").asString()).isEqualTo("invalid-passkey-ceremony");
        });
    }

    @Test
    void anAnswerWithoutALiveSignInTokenIsRefused() {
        Staff staff = activeStaff("stale");
        SoftwareAuthenticator key = staff.registerPasskey();
        Api.Response request = passkeyOptions(staff.passwordStep().text("mfaToken"));

        Api.Response refused = answer("not-a-sign-in-token", request, key.get(request.body().path("publicKey"), origin(), 1));
        assertThat(refused.status()).as(refused.toString()).isEqualTo(401);
        assertThat(refused.problem()).isEqualTo("invalid-mfa-token");
        assertThat(refused.text("accessToken")).isNull();
    }

    @Test
    void aPasskeyIsRemovedOnlyWithTheCurrentPassword() {
        Staff staff = activeStaff("remove");
        SoftwareAuthenticator key = staff.registerPasskey();
        Staff other = activeStaff("remove-other");
        SoftwareAuthenticator othersKey = other.registerPasskey();
        String token = signIn(staff, key, 1).text("accessToken");
        String passkeyId = api.get("/api/v1/me/mfa/passkeys", token).body().get(0).path("id").asString();
        String othersToken = signIn(other, othersKey, 1).text("accessToken");
        String othersId = api.get("/api/v1/me/mfa/passkeys", othersToken).body().get(0).path("id").asString();

        Api.Response wrong = api.send("DELETE", "/api/v1/me/mfa/passkeys/" + passkeyId,
                Map.of("currentPassword", "not my password"), token, Map.of());
        assertThat(wrong.status()).as(wrong.toString()).isEqualTo(403);
        assertThat(wrong.problem()).isEqualTo("invalid-current-password");
        Api.Response notMine = api.send("DELETE", "/api/v1/me/mfa/passkeys/" + othersId,
                Map.of("currentPassword", staff.password()), token, Map.of());
        assertThat(notMine.status()).as(notMine.toString()).isEqualTo(404);

        Api.Response removed = api.send("DELETE", "/api/v1/me/mfa/passkeys/" + passkeyId,
                Map.of("currentPassword", staff.password()), token, Map.of());
        assertThat(removed.status()).as(removed.toString()).isEqualTo(204);
        assertThat(api.get("/api/v1/me/mfa/passkeys", token).body().size()).isZero();
        // with no second factor left, the password alone signs in again, and the recovery codes are gone
        assertThat(staff.passwordStep().status()).isEqualTo(200);
        assertThat(recoveryCodeRows(staff)).isZero();

        String admin = adminToken();
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
            assertThat(audit(admin, "mfa.passkey-removed", staff).path("items").size()).isEqualTo(1);
            assertThat(audit(admin, "mfa.recovery-codes-removed", staff).path("items").get(0).path("details")
                    .path("unusedCodes").asInt()).isEqualTo(10);
            assertThat(api.get("/api/v1/notifications?size=100", token).body().toString()).contains("SECOND_FACTOR_REMOVED");
        });
    }

    @Test
    void aFirstPasskeyComesWithRecoveryCodesThatCompleteASignInOnce() {
        Staff staff = activeStaff("first-codes");
        String token = staff.signInWithoutSecondFactor();
        SoftwareAuthenticator first = new SoftwareAuthenticator();

        Api.Response options = api.post("/api/v1/me/mfa/passkeys/options", null, token);
        Api.Response registered = register(token, options, first.create(options.body().path("publicKey"), origin()), "Phone");
        assertThat(registered.status()).as(registered.toString()).isEqualTo(201);
        assertThat(registered.header("Cache-Control")).contains("no-store");
        List<String> codes = StaffSecondFactorTests.texts(registered.body().path("recoveryCodes"));
        assertThat(codes).hasSize(10).doesNotHaveDuplicates()
                .allSatisfy(code -> assertThat(code).matches("[A-HJKMNP-Z2-9]{5}-[A-HJKMNP-Z2-9]{5}"));
        // kept only as keyed hashes
        assertThat(recoveryCodeRows(staff)).isEqualTo(10);
        List<String> stored = jdbc.sql("SELECT encode(code_hash, 'escape') FROM staff_recovery_codes WHERE user_id = :id::uuid")
                .param("id", staff.id()).query(String.class).list();
        assertThat(String.join("", stored)).doesNotContain(codes.get(0), codes.get(0).replace("-", ""));
        assertThat(api.get("/api/v1/me/mfa", token).body().path("recoveryCodesLeft").asInt()).isEqualTo(10);

        // a second passkey brings no new codes: the first ones stay good
        SoftwareAuthenticator second = new SoftwareAuthenticator();
        Api.Response more = api.post("/api/v1/me/mfa/passkeys/options", null, token);
        Api.Response another = register(token, more, second.create(more.body().path("publicKey"), origin()), "Laptop");
        assertThat(another.status()).as(another.toString()).isEqualTo(201);
        assertThat(another.body().path("recoveryCodes").size()).isZero();

        Api.Response passwordStep = staff.passwordStep();
        assertThat(passwordStep.body().path("methods").toString()).isEqualTo("[\"passkey\"]");
        Api.Response recovered = api.post("/api/v1/auth/login/mfa",
                Map.of("mfaToken", passwordStep.text("mfaToken"), "code", codes.get(3).toLowerCase()));
        assertThat(recovered.status()).as(recovered.toString()).isEqualTo(200);
        assertThat(api.get("/api/v1/me", recovered.text("accessToken")).text("id")).isEqualTo(staff.id());
        Api.Response reused = api.post("/api/v1/auth/login/mfa",
                Map.of("mfaToken", staff.passwordStep().text("mfaToken"), "code", codes.get(3)));
        assertThat(reused.status()).as(reused.toString()).isEqualTo(401);
        assertThat(reused.problem()).isEqualTo("invalid-second-factor");
        Api.Response digits = api.post("/api/v1/auth/login/mfa",
                Map.of("mfaToken", staff.passwordStep().text("mfaToken"), "code", "123456"));
        assertThat(digits.problem()).as("no authenticator app to take a 6-digit code").isEqualTo("invalid-second-factor");

        String admin = adminToken();
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(audit(admin, "sign-in.succeeded", staff).toString()).contains("password+recovery-code"));
    }

    @Test
    void aMemberWithPasskeysOnlyReplacesTheirRecoveryCodesWithTheirPassword() {
        Staff staff = activeStaff("regenerate");
        String firstToken = staff.signInWithoutSecondFactor();
        SoftwareAuthenticator key = new SoftwareAuthenticator();
        Api.Response options = api.post("/api/v1/me/mfa/passkeys/options", null, firstToken);
        List<String> old = StaffSecondFactorTests.texts(register(firstToken, options,
                key.create(options.body().path("publicKey"), origin()), "Key").body().path("recoveryCodes"));
        assertThat(old).hasSize(10);
        String token = signIn(staff, key, 1).text("accessToken");

        Api.Response withCode = api.post("/api/v1/me/mfa/recovery-codes", Map.of("code", "123456"), token);
        assertThat(withCode.status()).as(withCode.toString()).isEqualTo(409);
        assertThat(withCode.problem()).isEqualTo("mfa-not-enrolled");
        Api.Response wrong = api.post("/api/v1/me/mfa/recovery-codes", Map.of("currentPassword", "not my password"), token);
        assertThat(wrong.status()).as(wrong.toString()).isEqualTo(403);
        assertThat(wrong.problem()).isEqualTo("invalid-current-password");

        Api.Response regenerated = api.post("/api/v1/me/mfa/recovery-codes", Map.of("currentPassword", staff.password()),
                token);
        assertThat(regenerated.status()).as(regenerated.toString()).isEqualTo(200);
        List<String> fresh = StaffSecondFactorTests.texts(regenerated.body().path("recoveryCodes"));
        assertThat(fresh).hasSize(10).doesNotContainAnyElementsOf(old);
        assertThat(recoveryCodeRows(staff)).isEqualTo(10);
        Api.Response oldCode = api.post("/api/v1/auth/login/mfa",
                Map.of("mfaToken", staff.passwordStep().text("mfaToken"), "code", old.get(0)));
        assertThat(oldCode.problem()).as("the codes of the registration stopped working").isEqualTo("invalid-second-factor");
        Api.Response newCode = api.post("/api/v1/auth/login/mfa",
                Map.of("mfaToken", staff.passwordStep().text("mfaToken"), "code", fresh.get(0)));
        assertThat(newCode.status()).as(newCode.toString()).isEqualTo(200);

        String admin = adminToken();
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(
                audit(admin, "mfa.recovery-codes-regenerated", staff).path("items").get(0).path("details")
                        .path("confirmedWith").asString()).isEqualTo("password"));
    }

    @Test
    void removingOneOfTwoSecondFactorsKeepsTheRecoveryCodes() {
        Staff staff = activeStaff("keep-codes");
        SoftwareAuthenticator first = staff.registerPasskey();
        String token = signIn(staff, first, 1).text("accessToken");
        Api.Response options = api.post("/api/v1/me/mfa/passkeys/options", null, token);
        assertThat(register(token, options, new SoftwareAuthenticator().create(options.body().path("publicKey"), origin()),
                "Second").status()).isEqualTo(201);
        JsonNode listed = api.get("/api/v1/me/mfa/passkeys", token).body();
        assertThat(listed.size()).isEqualTo(2);

        Api.Response removed = api.send("DELETE", "/api/v1/me/mfa/passkeys/" + listed.get(0).path("id").asString(),
                Map.of("currentPassword", staff.password()), token, Map.of());

        assertThat(removed.status()).as(removed.toString()).isEqualTo(204);
        assertThat(recoveryCodeRows(staff)).isEqualTo(10);
        assertThat(staff.passwordStep().problem()).isEqualTo("mfa-required");
    }

    @Test
    void aPatientHasNoPasskeysAndNoPasskeySignIn() {
        String patient = patientToken(uniqueEmail("passkey-patient"));
        Api.Response options = api.post("/api/v1/me/mfa/passkeys/options", null, patient);
        assertThat(options.status()).as(options.toString()).isEqualTo(403);
        assertThat(api.get("/api/v1/me/mfa/passkeys", patient).status()).isEqualTo(403);
        Api.Response noSignIn = api.post("/api/v1/auth/login/mfa/passkey/options", Map.of("mfaToken", "not-a-token"));
        assertThat(noSignIn.status()).isEqualTo(401);
        assertThat(noSignIn.problem()).isEqualTo("invalid-mfa-token");
    }

    // --- helpers ---

    int recoveryCodeRows(Staff staff) {
        return jdbc.sql("SELECT count(*) FROM staff_recovery_codes WHERE user_id = :id::uuid").param("id", staff.id())
                .query(Integer.class).single();
    }

    String origin() {
        return passkeys.origins().getFirst();
    }

    JsonNode audit(String admin, String action, Staff staff) {
        return api.get("/api/v1/admin/audit?action=" + action + "&target=user:" + staff.id(), admin).body();
    }

    Api.Response register(String token, Api.Response options, Map<String, Object> credential, String label) {
        return api.post("/api/v1/me/mfa/passkeys", Map.of("ceremonyId", options.text("ceremonyId"), "label", label,
                "credential", credential), token);
    }

    Api.Response passkeyOptions(String mfaToken) {
        Api.Response options = api.post("/api/v1/auth/login/mfa/passkey/options", Map.of("mfaToken", mfaToken));
        assertThat(options.status()).as(options.toString()).isEqualTo(200);
        return options;
    }

    Api.Response answer(String mfaToken, Api.Response options, Map<String, Object> assertion) {
        return api.post("/api/v1/auth/login/mfa/passkey", Map.of("mfaToken", mfaToken,
                "ceremonyId", options.text("ceremonyId"), "credential", assertion));
    }

    Api.Response signIn(Staff staff, SoftwareAuthenticator authenticator, long signCount) {
        String mfaToken = staff.passwordStep().text("mfaToken");
        Api.Response options = passkeyOptions(mfaToken);
        return answer(mfaToken, options, authenticator.get(options.body().path("publicKey"), origin(), signCount));
    }

    record Staff(StaffPasskeyTests test, String id, String email, String password) {

        Api.Response passwordStep() {
            return test.api.post("/api/v1/auth/login", Map.of("email", email, "password", password));
        }

        String signInWithoutSecondFactor() {
            Api.Response login = passwordStep();
            assertThat(login.status()).as(login.toString()).isEqualTo(200);
            return login.text("accessToken");
        }

        SoftwareAuthenticator registerPasskey() {
            return registerPasskey(new SoftwareAuthenticator());
        }

        /** Registers the authenticator (counter 0) from a password-only session. */
        SoftwareAuthenticator registerPasskey(SoftwareAuthenticator authenticator) {
            String token = signInWithoutSecondFactor();
            Api.Response options = test.api.post("/api/v1/me/mfa/passkeys/options", null, token);
            Api.Response registered = test.register(token, options,
                    authenticator.create(options.body().path("publicKey"), test.origin()), "Key of " + email);
            assertThat(registered.status()).as(registered.toString()).isEqualTo(201);
            return authenticator;
        }
    }

    Staff activeStaff(String name) {
        StaffAccount account = newStaffAccount("HELPER", List.of("users:read"));
        String password = "Passkey " + name + " " + account.email();
        activateStaff(account.email(), account.temporaryPassword(), password);
        return new Staff(this, account.id(), account.email(), password);
    }
}
