package org.medbook.identity.application;

/** A nonce to pass to Google Sign-In; the ID token Google returns must carry it. */
public record GoogleNonceView(String nonce, long expiresInSeconds) {
}
