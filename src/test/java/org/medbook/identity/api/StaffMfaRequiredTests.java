package org.medbook.identity.api;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.medbook.MedbookApplication;
import org.medbook.identity.application.PasskeyProperties;
import org.medbook.identity.domain.Base32;
import org.medbook.identity.domain.Totp;
import org.medbook.support.Api;
import org.medbook.support.IntegrationTest;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.support.GenericApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * MEDBOOK_STAFF_MFA=required, on a second node started with it beside the shared test application (same
 * database, same clock): a staff sign-in without a second factor gets a token that can only enrol one; every other
 * route refuses it with mfa-enrolment-required. Patients sign in as ever.
 */
class StaffMfaRequiredTests extends IntegrationTest {

    static final Instant FUTURE = Instant.parse("2031-06-04T10:00:00Z");

    private static ConfigurableApplicationContext required;

    private Api strict;

    /**
     * Started once, on the shared test clock (so both nodes agree on the time and codes can be computed
     * from it); the clock only exists once the shared context does, hence not in a static initializer.
     */
    private static ConfigurableApplicationContext startANodeThatRequiresASecondFactor(Clock sharedClock) {
        List<String> args = new ArrayList<>();
        localServices((name, value) -> args.add("--" + name + "=" + value.get()));
        args.add("--server.port=0");
        args.add("--spring.main.banner-mode=off");
        args.add("--medbook.identity.staff.mfa=required");
        return new SpringApplicationBuilder(MedbookApplication.class).profiles("test")
                .initializers((GenericApplicationContext context) -> context.registerBean(Clock.class, () -> sharedClock))
                .run(args.toArray(String[]::new));
    }

    @AfterAll
    static void stopIt() {
        if (required != null) {
            required.close();
        }
    }

    @BeforeEach
    void aClientOfThatNode() {
        if (required == null) {
            required = startANodeThatRequiresASecondFactor(clock);
        }
        strict = new Api(Integer.parseInt(required.getEnvironment().getRequiredProperty("local.server.port")), api.clientIp());
    }

    @Test
    void aStaffSignInWithoutASecondFactorCanOnlyEnrolOneAndThenSignsInWithIt() {
        clock.setTo(FUTURE);
        StaffAccount account = newStaffAccount("HELPER", List.of("users:read"));
        String password = "Required factor " + account.email();
        Api.Response first = strict.post("/api/v1/auth/login", Map.of("email", account.email(), "password",
                account.temporaryPassword()));
        assertThat(first.problem()).isEqualTo("password-change-required");
        // the new password does not open a session either: enrolment comes first
        Api.Response changed = strict.post("/api/v1/auth/password", Map.of("currentPassword", account.temporaryPassword(),
                "newPassword", password), first.text("accessToken"));
        assertThat(changed.status()).as(changed.toString()).isEqualTo(403);
        assertThat(changed.problem()).isEqualTo("mfa-enrolment-required");

        Api.Response login = strict.post("/api/v1/auth/login", Map.of("email", account.email(), "password", password));
        assertThat(login.status()).as(login.toString()).isEqualTo(403);
        assertThat(login.problem()).isEqualTo("mfa-enrolment-required");
        assertThat(login.text("refreshToken")).isNull();
        String enrolOnly = login.text("accessToken");

        for (String path : List.of("/api/v1/me", "/api/v1/admin/users?size=1", "/api/v1/notifications")) {
            Api.Response refused = strict.get(path, enrolOnly);
            assertThat(refused.status()).as("%s: %s", path, refused).isEqualTo(403);
            assertThat(refused.problem()).isEqualTo("mfa-enrolment-required");
        }
        assertThat(strict.post("/api/v1/me/mfa/recovery-codes", Map.of("code", "123456"), enrolOnly).problem())
                .isEqualTo("mfa-enrolment-required");
        assertThat(strict.get("/api/v1/me/mfa", enrolOnly).body().path("required").asBoolean()).isTrue();

        String secret = strict.post("/api/v1/me/mfa/totp", null, enrolOnly).text("secret");
        Api.Response confirmed = strict.post("/api/v1/me/mfa/totp/confirm", Map.of("code", code(secret)), enrolOnly);
        assertThat(confirmed.status()).as(confirmed.toString()).isEqualTo(200);

        clock.advance(Duration.ofSeconds(30));
        Api.Response passwordStep = strict.post("/api/v1/auth/login", Map.of("email", account.email(), "password", password));
        assertThat(passwordStep.problem()).isEqualTo("mfa-required");
        Api.Response signedIn = strict.post("/api/v1/auth/login/mfa",
                Map.of("mfaToken", passwordStep.text("mfaToken"), "code", code(secret)));
        assertThat(signedIn.status()).as(signedIn.toString()).isEqualTo(200);
        assertThat(strict.get("/api/v1/me", signedIn.text("accessToken")).status()).isEqualTo(200);
    }

    @Test
    void aPasskeyAloneMeetsTheRequirement() {
        clock.setTo(FUTURE);
        StaffAccount account = newStaffAccount("HELPER", List.of("users:read"));
        String password = "Passkey required " + account.email();
        Api.Response first = strict.post("/api/v1/auth/login", Map.of("email", account.email(), "password",
                account.temporaryPassword()));
        Api.Response changed = strict.post("/api/v1/auth/password", Map.of("currentPassword", account.temporaryPassword(),
                "newPassword", password), first.text("accessToken"));
        assertThat(changed.problem()).isEqualTo("mfa-enrolment-required");
        String enrolOnly = changed.text("accessToken");
        String origin = required.getBean(PasskeyProperties.class).origins().getFirst();

        // the enrolment-only token registers a passkey, and reaches nothing else of the passkey routes
        SoftwareAuthenticator authenticator = new SoftwareAuthenticator();
        Api.Response options = strict.post("/api/v1/me/mfa/passkeys/options", null, enrolOnly);
        assertThat(options.status()).as(options.toString()).isEqualTo(200);
        Api.Response registered = strict.post("/api/v1/me/mfa/passkeys", Map.of("ceremonyId", options.text("ceremonyId"),
                "label", "Only key", "credential", authenticator.create(options.body().path("publicKey"), origin)), enrolOnly);
        assertThat(registered.status()).as(registered.toString()).isEqualTo(201);
        assertThat(strict.get("/api/v1/me/mfa/passkeys", enrolOnly).problem()).isEqualTo("mfa-enrolment-required");

        Api.Response passwordStep = strict.post("/api/v1/auth/login", Map.of("email", account.email(), "password", password));
        assertThat(passwordStep.status()).as(passwordStep.toString()).isEqualTo(401);
        assertThat(passwordStep.problem()).isEqualTo("mfa-required");
        assertThat(passwordStep.body().path("methods").toString()).isEqualTo("[\"passkey\"]");
        String mfaToken = passwordStep.text("mfaToken");
        Api.Response request = strict.post("/api/v1/auth/login/mfa/passkey/options", Map.of("mfaToken", mfaToken));
        Api.Response signedIn = strict.post("/api/v1/auth/login/mfa/passkey", Map.of("mfaToken", mfaToken,
                "ceremonyId", request.text("ceremonyId"),
                "credential", authenticator.get(request.body().path("publicKey"), origin, 1)));
        assertThat(signedIn.status()).as(signedIn.toString()).isEqualTo(200);
        assertThat(strict.get("/api/v1/me", signedIn.text("accessToken")).status()).isEqualTo(200);
    }

    @Test
    void theLastSecondFactorStaysWhereOneIsRequiredWhicheverKindItIs() {
        clock.setTo(FUTURE.plus(Duration.ofHours(1)));
        StaffAccount account = newStaffAccount("HELPER", List.of("users:read"));
        String password = "Last factor " + account.email();
        Api.Response first = strict.post("/api/v1/auth/login", Map.of("email", account.email(), "password",
                account.temporaryPassword()));
        String enrolOnly = strict.post("/api/v1/auth/password", Map.of("currentPassword", account.temporaryPassword(),
                "newPassword", password), first.text("accessToken")).text("accessToken");
        String secret = strict.post("/api/v1/me/mfa/totp", null, enrolOnly).text("secret");
        assertThat(strict.post("/api/v1/me/mfa/totp/confirm", Map.of("code", code(secret)), enrolOnly).status()).isEqualTo(200);
        // the enrolment-only token enrols, and removes nothing
        Api.Response byEnrolmentToken = strict.send("DELETE", "/api/v1/me/mfa/totp", Map.of("currentPassword", password),
                enrolOnly, Map.of());
        assertThat(byEnrolmentToken.status()).as(byEnrolmentToken.toString()).isEqualTo(403);
        assertThat(byEnrolmentToken.problem()).isEqualTo("mfa-enrolment-required");

        clock.advance(Duration.ofSeconds(30));
        String mfaToken = strict.post("/api/v1/auth/login", Map.of("email", account.email(), "password", password))
                .text("mfaToken");
        String token = strict.post("/api/v1/auth/login/mfa", Map.of("mfaToken", mfaToken, "code", code(secret)))
                .text("accessToken");
        Api.Response lastApp = strict.send("DELETE", "/api/v1/me/mfa/totp", Map.of("currentPassword", password), token,
                Map.of());
        assertThat(lastApp.status()).as(lastApp.toString()).isEqualTo(422);
        assertThat(lastApp.problem()).isEqualTo("last-second-factor");
        assertThat(strict.get("/api/v1/me/mfa", token).body().path("totpEnrolled").asBoolean()).isTrue();

        // with a passkey beside it, the app may go; then the passkey is the last one and stays
        String origin = required.getBean(PasskeyProperties.class).origins().getFirst();
        SoftwareAuthenticator authenticator = new SoftwareAuthenticator();
        Api.Response options = strict.post("/api/v1/me/mfa/passkeys/options", null, token);
        Api.Response registered = strict.post("/api/v1/me/mfa/passkeys", Map.of("ceremonyId", options.text("ceremonyId"),
                "label", "Key", "credential", authenticator.create(options.body().path("publicKey"), origin)), token);
        assertThat(registered.status()).as(registered.toString()).isEqualTo(201);
        assertThat(registered.body().path("recoveryCodes").size()).as("the app's codes are kept").isZero();
        Api.Response appRemoved = strict.send("DELETE", "/api/v1/me/mfa/totp", Map.of("currentPassword", password), token,
                Map.of());
        assertThat(appRemoved.status()).as(appRemoved.toString()).isEqualTo(204);
        assertThat(strict.get("/api/v1/me/mfa", token).body().path("recoveryCodesLeft").asInt()).isEqualTo(10);

        Api.Response lastPasskey = strict.send("DELETE", "/api/v1/me/mfa/passkeys/" + registered.text("id"),
                Map.of("currentPassword", password), token, Map.of());
        assertThat(lastPasskey.status()).as(lastPasskey.toString()).isEqualTo(422);
        assertThat(lastPasskey.problem()).isEqualTo("last-second-factor");
        assertThat(strict.get("/api/v1/me/mfa/passkeys", token).body().size()).isEqualTo(1);
        assertThat(strict.get("/api/v1/me/mfa", token).body().path("recoveryCodesLeft").asInt()).isEqualTo(10);
    }

    @Test
    void patientsSignInAsEverWhereStaffMustHaveASecondFactor() {
        String email = uniqueEmail("required-patient");
        String code = requestEmailCode(email);
        Api.Response session = strict.post("/api/v1/auth/otp/verify", Map.of("destination", email, "code", code));

        assertThat(session.status()).as(session.toString()).isEqualTo(200);
        assertThat(session.text("refreshToken")).isNotBlank();
        assertThat(strict.get("/api/v1/me", session.text("accessToken")).status()).isEqualTo(200);
    }

    private String code(String secret) {
        return Totp.AUTHENTICATOR.code(Base32.decode(secret), Totp.AUTHENTICATOR.step(clock.instant()));
    }
}
