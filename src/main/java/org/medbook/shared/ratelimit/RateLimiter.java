package org.medbook.shared.ratelimit;

import java.time.Duration;
import java.util.Map;

/** Rate limits that hold across every node, because their state lives in PostgreSQL. */
public interface RateLimiter {

    /**
     * Takes one permit from every bucket, or from none when any of them is exhausted.
     *
     * @param buckets bucket key (e.g. {@code otp:dest:<hash>}) to the limit it obeys
     */
    Decision acquire(Map<String, RateLimit> buckets);

    record Decision(boolean allowed, Duration retryAfter) {

        public static Decision allow() {
            return new Decision(true, Duration.ZERO);
        }
    }
}
