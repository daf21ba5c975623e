package org.medbook.identity.application;

import java.time.Instant;
import java.util.UUID;

/**
 * A WebAuthn ceremony started: {@code publicKeyJson} is what the browser passes (parsed) to
 * {@code navigator.credentials.create} or {@code .get}; the answer goes back with {@code ceremonyId}.
 */
public record PasskeyOptionsView(UUID ceremonyId, String publicKeyJson, Instant expiresAt) {
}
