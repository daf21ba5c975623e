package org.medbook.identity.application;

import java.util.Optional;

/** Verifies Google ID tokens (signature against Google's keys, issuer, audience, expiry). */
public interface GoogleIdTokens {

    /** @param nonce the token's {@code nonce} claim, null when it has none */
    record GoogleIdentity(String subject, String email, boolean emailVerified, String name, String nonce) {
    }

    /** Empty when the token is not a valid, current Google ID token for us. */
    Optional<GoogleIdentity> verify(String idToken);
}
