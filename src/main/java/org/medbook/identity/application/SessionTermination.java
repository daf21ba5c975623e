package org.medbook.identity.application;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import org.medbook.identity.UserId;
import org.medbook.identity.domain.RefreshTokens;
import org.medbook.identity.domain.Revocation;
import org.medbook.identity.domain.Revocations;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Ends sessions for good, in the caller's transaction: their refresh tokens stop working at once, and
 * their access tokens are refused by every node as soon as the transaction commits (this node before
 * the caller gets its answer, the others when PostgreSQL tells them).
 */
@Component
public class SessionTermination {

    private final RefreshTokens refreshTokens;
    private final Revocations revocations;
    private final RevokedTokens revoked;
    private final Duration longestTokenLife;

    SessionTermination(RefreshTokens refreshTokens, Revocations revocations, RevokedTokens revoked,
            IdentityProperties properties) {
        this.refreshTokens = refreshTokens;
        this.revocations = revocations;
        this.revoked = revoked;
        this.longestTokenLife = properties.tokens().longestAccessTokenLife();
    }

    /** Sign-out, or a copied refresh token: one session ends. */
    public void endSession(UUID sessionId, Instant now) {
        refreshTokens.revokeFamily(sessionId, now);
        record(List.of(new Revocation.Session(sessionId, now.plus(longestTokenLife))));
    }

    /**
     * Suspension, a password change or reset, new permissions: every session of the user ends, and
     * every access token issued before {@code now}, with or without a session, stops working.
     */
    public void endAllSessionsOf(UserId userId, Instant now) {
        Instant expiresAt = now.plus(longestTokenLife);
        Set<UUID> recent = refreshTokens.revokeAllOf(userId, now, now.minus(longestTokenLife));
        List<Revocation> ended = new ArrayList<>();
        recent.forEach(sessionId -> ended.add(new Revocation.Session(sessionId, expiresAt)));
        ended.add(new Revocation.TokensBefore(userId.value(), now, expiresAt));
        record(ended);
    }

    private void record(List<Revocation> ended) {
        revocations.record(ended);
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCommit() {
                    revoked.remember(ended);
                }
            });
        } else {
            revoked.remember(ended);
        }
    }
}
