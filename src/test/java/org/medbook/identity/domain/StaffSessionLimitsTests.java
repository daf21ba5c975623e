package org.medbook.identity.domain;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class StaffSessionLimitsTests {

    private static final Instant START = Instant.parse("2031-06-02T08:00:00Z");
    private static final StaffSessionLimits LIMITS = new StaffSessionLimits(Duration.ofHours(12), Duration.ofMinutes(30));

    private static RefreshTokens.SessionTimes session(Instant lastRefresh) {
        return new RefreshTokens.SessionTimes(UUID.randomUUID(), START, lastRefresh);
    }

    @Test
    void aSessionRefreshedWithinTheIdleTimeoutGoesOn() {
        assertThat(LIMITS.ended(session(START), START.plus(Duration.ofMinutes(29)))).isFalse();
    }

    @Test
    void aSessionIdleForTheTimeoutEnds() {
        assertThat(LIMITS.ended(session(START), START.plus(Duration.ofMinutes(30)))).isTrue();
    }

    @Test
    void aSessionEndsAtItsAbsoluteLifetimeHoweverRecentlyRefreshed() {
        Instant twelveHours = START.plus(Duration.ofHours(12));
        assertThat(LIMITS.ended(session(twelveHours.minusSeconds(60)), twelveHours.minusSeconds(1))).isFalse();
        assertThat(LIMITS.ended(session(twelveHours.minusSeconds(60)), twelveHours)).isTrue();
    }

    @Test
    void limitsMustBePositive() {
        assertThatThrownBy(() -> new StaffSessionLimits(Duration.ZERO, Duration.ofMinutes(30)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new StaffSessionLimits(Duration.ofHours(1), Duration.ofMinutes(-1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new StaffSessionLimits(Duration.ofHours(-1), Duration.ofMinutes(30)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new StaffSessionLimits(Duration.ofHours(1), Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(new StaffSessionLimits(Duration.ofSeconds(1), Duration.ofSeconds(1)).idle()).hasSeconds(1);
    }
}
