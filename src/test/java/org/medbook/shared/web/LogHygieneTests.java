package org.medbook.shared.web;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.medbook.support.Api;
import org.medbook.support.IntegrationTest;
import org.slf4j.LoggerFactory;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Whatever happens, a code, password, token or secret never reaches the log. */
@ExtendWith(OutputCaptureExtension.class)
class LogHygieneTests extends IntegrationTest {

    @Test
    void signInFlowsLeaveNoSecretInTheLog(CapturedOutput output) {
        String email = uniqueEmail("quiet");
        String code = requestEmailCode(email);
        Api.Response wrong = api.post("/api/v1/auth/otp/verify", Map.of("destination", email, "code", code.equals("999999") ? "999998" : "999999"));
        Api.Response session = api.post("/api/v1/auth/otp/verify", Map.of("destination", email, "code", code));
        Api.Response refreshed = api.post("/api/v1/auth/refresh", Map.of("refreshToken", session.text("refreshToken")));
        api.post("/api/v1/auth/refresh", Map.of("refreshToken", session.text("refreshToken")));

        String staff = uniqueEmail("staff");
        String temporary = createStaff(staff, "HELPER", List.of());
        String chosen = "Quiet passphrase " + staff;
        Api.Response staffSession = activateStaff(staff, temporary, chosen);
        api.post("/api/v1/auth/login", Map.of("email", staff, "password", "wrong " + chosen));
        api.post("/api/v1/auth/otp", Map.of("channel", "SMS", "destination", "+14155550199"));
        clock.advance(Duration.ofSeconds(1));

        assertThat(wrong.status()).isEqualTo(401);
        assertNoneLogged(output, code, temporary, chosen, session.text("accessToken"), session.text("refreshToken"),
                refreshed.text("accessToken"), staffSession.text("accessToken"), "test-auth-token",
                IntegrationTest.ADMIN_PASSWORD);
    }

    /**
     * The positive control: the capture sees what the application logs (its own line about a
     * refused Google token, and a marker written through a Medbook logger and so through the same
     * appenders), and the same check fails as soon as a secret is among it.
     */
    @Test
    void theCheckCatchesASecretThatReachesTheLog(CapturedOutput output) {
        String secret = "leaked-" + UUID.randomUUID();
        Api.Response refused = api.post("/api/v1/auth/google", Map.of("idToken", "not-a-google-token"));
        LoggerFactory.getLogger("org.medbook.identity.application.SignIn").warn("one-time code {}", secret);
        clock.advance(Duration.ofSeconds(1));

        assertThat(refused.status()).isEqualTo(401);
        assertThat(output.getAll()).contains("Rejected a Google ID token").contains(secret);
        assertThatThrownBy(() -> assertNoneLogged(output, "not-logged-" + UUID.randomUUID(), secret))
                .isInstanceOf(AssertionError.class).hasMessageContaining(secret);
        assertNoneLogged(output, "not-logged-" + UUID.randomUUID());
    }

    private static void assertNoneLogged(CapturedOutput output, String... secrets) {
        String log = output.getAll();
        for (String secret : secrets) {
            assertThat(log).doesNotContain(secret);
        }
    }
}
