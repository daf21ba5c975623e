package org.medbook.shared.realtime;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A browser page may open {@code /ws} only from an origin the API allows for CORS
 * ({@code MEDBOOK_CORS_ORIGINS}; {@code https://app.medbook.test} in tests) or from the server's own;
 * apps and servers send no Origin and rely on their token alone.
 */
class StompOriginTests extends RealtimeTest {

    private static final String ALLOWED = "https://app.medbook.test";

    @Test
    void aPageFromAForeignOriginIsRefusedAtTheHandshake() {
        String token = newPatient().token();

        Throwable failure = StompTestClient.attempt(port, token, "https://evil.example").failure();

        assertThat(failure).hasStackTraceContaining("403");
    }

    @Test
    void aLookAlikeOfTheAllowedOriginIsRefused() {
        String token = newPatient().token();

        assertThat(StompTestClient.attempt(port, token, "http://app.medbook.test").failure()).hasStackTraceContaining("403");
        assertThat(StompTestClient.attempt(port, token, ALLOWED + ".evil.example").failure()).hasStackTraceContaining("403");
    }

    @Test
    void aPageFromAnAllowedOriginConnects() {
        try (StompTestClient.Connection connection = StompTestClient.attempt(port, newPatient().token(), ALLOWED).connected()) {
            connection.subscribe(NOTIFICATIONS);
        }
    }

    @Test
    void aPageServedByMedbookItselfConnects() {
        String own = "http://127.0.0.1:" + port;

        try (StompTestClient.Connection connection = StompTestClient.attempt(port, newPatient().token(), own).connected()) {
            connection.subscribe(NOTIFICATIONS);
        }
    }

    @Test
    void aClientWithoutOriginConnectsByItsTokenAlone() {
        try (StompTestClient.Connection connection = StompTestClient.attempt(port, newPatient().token(), null).connected()) {
            connection.subscribe(NOTIFICATIONS);
        }
    }

    @Test
    void anAllowedOriginStillNeedsAToken() {
        String reason = StompTestClient.attempt(port, null, ALLOWED).refusal();

        assertThat(reason).contains("access token is required");
    }
}
