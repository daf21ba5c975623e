package org.medbook.identity.domain;

import java.time.Instant;
import java.util.Optional;

/**
 * Consecutive failed password checks per e-mail address, whether or not it has an account, and the
 * checks under way. A check is claimed before the password is hashed and settled after, so however
 * many guesses arrive at once, no more are compared than the lockout allows.
 */
public interface LoginFailures {

    /** When the address is locked until, if it is locked at {@code now}. */
    Optional<Instant> lockedUntil(String email, Instant now);

    /**
     * Claims one check, atomically: refused while the address is locked, and while the checks under
     * way would already use up the failures left before the next lock ({@code freeFailures} at first,
     * one at a time once a lock has passed). A claim not settled by {@code claimExpiresAt} (its node
     * died) no longer counts.
     *
     * @return whether the caller may compare the password
     */
    boolean claimCheck(String email, Instant now, int freeFailures, Instant claimExpiresAt);

    /** Settles a claimed check that failed: counts it and returns the new consecutive count. */
    int recordFailure(String email, Instant now);

    void lock(String email, Instant until);

    /** Settles a claimed check that succeeded: the count starts again. */
    void recordSuccess(String email);

    /** Gives a claim back without counting it (the check did not happen). */
    void release(String email);
}
