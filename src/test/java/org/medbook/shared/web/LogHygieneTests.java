package org.medbook.shared.web;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.medbook.support.Api;
import org.medbook.support.IntegrationTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;

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
        assertThat(output.getAll())
                .doesNotContain(code)
                .doesNotContain(temporary)
                .doesNotContain(chosen)
                .doesNotContain(session.text("accessToken"))
                .doesNotContain(session.text("refreshToken"))
                .doesNotContain(refreshed.text("accessToken"))
                .doesNotContain(staffSession.text("accessToken"))
                .doesNotContain("test-auth-token")
                .doesNotContain(IntegrationTest.ADMIN_PASSWORD);
    }
}
