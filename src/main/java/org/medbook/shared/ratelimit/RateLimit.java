package org.medbook.shared.ratelimit;

import java.time.Duration;
import java.util.Objects;

/**
 * At most {@code permits} within any {@code period}, refilled evenly (one permit every
 * period / permits).
 */
public record RateLimit(String name, int permits, Duration period) {

    public RateLimit {
        Objects.requireNonNull(name);
        if (permits < 1) {
            throw new IllegalArgumentException("permits must be at least 1");
        }
        if (period == null || period.isNegative() || period.isZero()) {
            throw new IllegalArgumentException("period must be positive");
        }
    }

    Duration emissionInterval() {
        return period.dividedBy(permits);
    }
}
