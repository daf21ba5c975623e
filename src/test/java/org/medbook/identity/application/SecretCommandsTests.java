package org.medbook.identity.application;

import java.util.UUID;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Commands that carry a password or a token name themselves in logs and errors without it. */
class SecretCommandsTests {

    @Test
    void passwordsAndRefreshTokensNeverAppearInACommandsText() {
        UUID user = UUID.fromString("0b5f3c2e-6a41-4e0f-9d55-3c1f8e2a7b10");
        assertThat(new ChangePasswordCommand(user, "old secret", "new secret", "203.0.113.9").toString())
                .isEqualTo("ChangePasswordCommand[userId=0b5f3c2e-6a41-4e0f-9d55-3c1f8e2a7b10]");
        assertThat(new PasswordSignInCommand("ann@example.org", "her secret", "203.0.113.9").toString())
                .isEqualTo("PasswordSignInCommand[email=ann@example.org, password=***]");
        assertThat(new RefreshCommand("r3fr3sh-t0k3n", "203.0.113.9").toString()).isEqualTo("RefreshCommand[refreshToken=***]");
    }
}
