package org.medbook.identity.domain;

import java.time.Instant;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.medbook.identity.UserId;
import org.medbook.identity.domain.RefreshTokens.StoredRefreshToken;

import static org.assertj.core.api.Assertions.assertThat;

class RefreshTokenTests {

    private static final Instant ISSUED = Instant.parse("2026-03-01T10:00:00Z");
    private static final Instant EXPIRES = ISSUED.plusSeconds(30 * 86_400);
    private static final UUID FAMILY = UUID.fromString("00000000-0000-0000-0000-0000000000f1");

    private static StoredRefreshToken token(Instant rotatedAt, Instant revokedAt) {
        return new StoredRefreshToken(FAMILY, UserId.random(), EXPIRES, rotatedAt, revokedAt);
    }

    @Test
    void aFreshTokenIsUsableUntilItExpires() {
        StoredRefreshToken fresh = token(null, null);

        assertThat(fresh.usable(ISSUED)).isTrue();
        assertThat(fresh.usable(EXPIRES.minusSeconds(1))).isTrue();
        assertThat(fresh.usable(EXPIRES)).isFalse();
        assertThat(fresh.alreadyRotated()).isFalse();
    }

    @Test
    void aRotatedTokenIsNoLongerUsableAndItsReuseIsRecognised() {
        StoredRefreshToken rotated = token(ISSUED.plusSeconds(60), null);

        assertThat(rotated.usable(ISSUED.plusSeconds(120))).isFalse();
        assertThat(rotated.alreadyRotated()).isTrue();
    }

    @Test
    void aRevokedTokenIsNoLongerUsable() {
        StoredRefreshToken revoked = token(null, ISSUED.plusSeconds(60));

        assertThat(revoked.usable(ISSUED.plusSeconds(120))).isFalse();
        assertThat(revoked.alreadyRotated()).isFalse();
    }
}
