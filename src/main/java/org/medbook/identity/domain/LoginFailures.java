package org.medbook.identity.domain;

import java.time.Instant;
import java.util.Optional;

/** Consecutive failed password sign-ins per e-mail address, whether or not it has an account. */
public interface LoginFailures {

    /** When the address is locked until, if it is locked at {@code now}. */
    Optional<Instant> lockedUntil(String email, Instant now);

    /** Counts one more failure and returns the new consecutive count. */
    int recordFailure(String email, Instant now);

    void lock(String email, Instant until);

    void clear(String email);
}
