package org.medbook.identity.domain;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class LoginThrottleTests {

    private static final Instant NOW = Instant.parse("2026-03-01T10:00:00Z");
    private final LoginThrottle throttle = new LoginThrottle(5, Duration.ofSeconds(30), Duration.ofHours(1));

    @Test
    void theFirstFourFailuresAreFree() {
        for (int failures = 1; failures < 5; failures++) {
            assertThat(throttle.lockAfter(failures, NOW)).isEmpty();
        }
    }

    @Test
    void locksFromTheFifthFailureDoublingEachTime() {
        assertThat(throttle.lockAfter(5, NOW)).contains(NOW.plusSeconds(30));
        assertThat(throttle.lockAfter(6, NOW)).contains(NOW.plusSeconds(60));
        assertThat(throttle.lockAfter(7, NOW)).contains(NOW.plusSeconds(120));
    }

    @Test
    void theStandardThrottleLocksForHalfAMinuteAfterFiveFailuresAndAtMostAnHour() {
        LoginThrottle standard = LoginThrottle.standard();

        assertThat(standard.lockAfter(4, NOW)).isEmpty();
        assertThat(standard.lockAfter(5, NOW)).contains(NOW.plusSeconds(30));
        assertThat(standard.lockAfter(50, NOW)).contains(NOW.plus(Duration.ofHours(1)));
    }

    @Test
    void neverLocksLongerThanTheCeiling() {
        assertThat(throttle.lockAfter(12, NOW)).contains(NOW.plus(Duration.ofHours(1)));
        assertThat(throttle.lockAfter(10_000, NOW)).contains(NOW.plus(Duration.ofHours(1)));
    }

    @Test
    void allowsFarFewerThanAHundredGuessesADay() {
        Instant clock = NOW;
        int guesses = 0;
        while (clock.isBefore(NOW.plus(Duration.ofDays(1)))) {
            guesses++;
            clock = throttle.lockAfter(guesses, clock).orElse(clock);
        }
        assertThat(guesses).isLessThan(100);
    }
}
