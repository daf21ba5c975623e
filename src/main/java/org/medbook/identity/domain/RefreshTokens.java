package org.medbook.identity.domain;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import org.medbook.identity.UserId;

/** Opaque refresh tokens, stored hashed. A family is one sign-in session and its rotations. */
public interface RefreshTokens {

    record StoredRefreshToken(UUID familyId, UserId userId, Instant expiresAt, Instant rotatedAt, Instant revokedAt) {

        public boolean usable(Instant now) {
            return rotatedAt == null && revokedAt == null && now.isBefore(expiresAt);
        }

        public boolean alreadyRotated() {
            return rotatedAt != null;
        }
    }

    /** One session (family) as its tokens tell it: when it began and when its last token was issued. */
    record SessionTimes(UUID sessionId, Instant startedAt, Instant lastRefreshedAt) {
    }

    /** Creates a token in the family and returns its clear value, which is never stored. */
    String issue(UUID familyId, UserId userId, Instant now, Instant expiresAt);

    /** Locks the token's row for the caller's transaction. */
    Optional<StoredRefreshToken> lock(String token);

    void markRotated(String token, Instant now);

    void revokeFamily(UUID familyId, Instant now);

    /** When the session began and was last refreshed. */
    SessionTimes timesOf(UUID familyId);

    /** The sessions of the user that still hold a usable refresh token at {@code now}, newest first. */
    List<SessionTimes> liveSessionsOf(UserId userId, Instant now);

    /** Whether the session is one of the user's (a session id of someone else is treated as unknown). */
    boolean belongsTo(UUID familyId, UserId userId);

    /**
     * Ends every session of the user.
     *
     * @return the sessions that issued a token since {@code issuedSince}: those whose access tokens may
     *         still be alive
     */
    Set<UUID> revokeAllOf(UserId userId, Instant now, Instant issuedSince);
}
