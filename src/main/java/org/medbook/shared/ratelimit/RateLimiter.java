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

    /**
     * Takes the permits in the caller's transaction, which must exist: they count only if it
     * commits, and the bucket rows stay locked until it ends (one caller per bucket at a time). When
     * this refuses, the caller must roll back (a permit taken from another bucket goes back). Work
     * that may fail after this should charge the failed attempt with {@link #acquire}, or failures
     * are free.
     */
    Decision acquireWithin(Map<String, RateLimit> buckets);

    record Decision(boolean allowed, Duration retryAfter) {

        public static Decision allow() {
            return new Decision(true, Duration.ZERO);
        }
    }
}
