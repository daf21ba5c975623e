package org.medbook.identity.domain;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * Access tokens that must stop working before they expire. An entry is needed only while a token it
 * covers could still be valid, so each carries the instant after which it can be forgotten.
 */
public sealed interface Revocation {

    Instant expiresAt();

    /** Every access token of one session (its {@code sid}, the refresh-token family). */
    record Session(UUID sessionId, Instant expiresAt) implements Revocation {
        public Session {
            Objects.requireNonNull(sessionId);
            Objects.requireNonNull(expiresAt);
        }
    }

    /** Every access token of the user issued before {@code before}. */
    record TokensBefore(UUID userId, Instant before, Instant expiresAt) implements Revocation {
        public TokensBefore {
            Objects.requireNonNull(userId);
            Objects.requireNonNull(before);
            Objects.requireNonNull(expiresAt);
        }

        /**
         * Token issue times have whole seconds, so a token issued in the same second as the cut
         * cannot be told apart from one issued just after it (the new session a password change
         * starts): only tokens of an earlier second are covered. Session entries cover the rest.
         */
        public boolean covers(Instant issuedAt) {
            return issuedAt == null || issuedAt.getEpochSecond() < before.getEpochSecond();
        }
    }
}
