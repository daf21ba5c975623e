package org.medbook.identity.domain;

import java.time.Instant;

/**
 * Single-use nonces we hand out for a third-party sign-in (Google): the provider's ID token must
 * carry one, which binds the token to a sign-in this server started. Only their hashes are stored.
 */
public interface SignInNonces {

    /** A new random nonce, valid until {@code expiresAt}; the value itself is never stored. */
    String issue(Instant expiresAt);

    /** Uses the nonce up if we issued it and it is unused and current; true for at most one caller. */
    boolean consume(String nonce, Instant now);

    /** Removes expired nonces; returns how many. */
    int purge(Instant now);
}
