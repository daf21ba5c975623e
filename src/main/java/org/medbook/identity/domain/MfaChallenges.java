package org.medbook.identity.domain;

import java.time.Instant;
import java.util.Optional;

import org.medbook.identity.UserId;

/** The password step of a staff sign-in that still awaits its second factor: opaque tokens, stored hashed. */
public interface MfaChallenges {

    /** A new challenge for the user, replacing any earlier one; returns its clear value, never stored. */
    String issue(UserId userId, Instant now, Instant expiresAt);

    /** The user the challenge belongs to, if it is unused and unexpired at {@code now}. */
    Optional<UserId> find(String token, Instant now);

    /** Uses the challenge up; false when another request already did. */
    boolean use(String token, Instant now);

    /** Ends the user's pending sign-in, if any (their second factors were reset). */
    void endAllOf(UserId userId);
}
