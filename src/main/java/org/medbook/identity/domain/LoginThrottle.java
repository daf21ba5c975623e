package org.medbook.identity.domain;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Slows down and then locks password guessing on one e-mail address: a few free tries, then a lock
 * that doubles with each further failure up to a ceiling. At these numbers an attacker gets far
 * fewer than the 100 consecutive tries NIST SP 800-63B allows.
 */
public record LoginThrottle(int freeFailures, Duration firstLock, Duration maxLock) {

    public static LoginThrottle standard() {
        return new LoginThrottle(5, Duration.ofSeconds(30), Duration.ofHours(1));
    }

    /** The lock that follows this many consecutive failures, if any. */
    public Optional<Instant> lockAfter(int failures, Instant now) {
        if (failures < freeFailures) {
            return Optional.empty();
        }
        int doublings = Math.min(failures - freeFailures, 20);
        Duration lock = firstLock.multipliedBy(1L << doublings);
        return Optional.of(now.plus(lock.compareTo(maxLock) > 0 ? maxLock : lock));
    }
}
