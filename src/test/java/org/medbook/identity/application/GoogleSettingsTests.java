package org.medbook.identity.application;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Google sign-in is on only when a client id is configured: blank entries of the list do not count. */
class GoogleSettingsTests {

    @Test
    void signInWithGoogleIsOnOnlyWithAClientId() {
        assertThat(google(null).enabled()).isFalse();
        assertThat(google(List.of(" ", "")).enabled()).isFalse();

        IdentityProperties.Google one = google(Arrays.asList(" web.apps.googleusercontent.com ", ""));
        assertThat(one.enabled()).isTrue();
        assertThat(one.clientIds()).containsExactly("web.apps.googleusercontent.com");
    }

    private static IdentityProperties.Google google(List<String> clientIds) {
        return new IdentityProperties.Google("https://www.googleapis.com/oauth2/v3/certs", List.of("accounts.google.com"),
                clientIds, Duration.ofMinutes(5), 60, Duration.ofSeconds(3), Duration.ofSeconds(3));
    }
}
