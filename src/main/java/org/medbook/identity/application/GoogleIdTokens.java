package org.medbook.identity.application;

import java.util.Optional;

/** Verifies Google ID tokens (signature against Google's keys, issuer, audience, expiry, nonce). */
public interface GoogleIdTokens {

    record GoogleIdentity(String subject, String email, boolean emailVerified, String name) {
    }

    /** Empty when the token is not a valid, current Google ID token for us. */
    Optional<GoogleIdentity> verify(String idToken, String expectedNonce);
}
