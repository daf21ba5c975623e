package org.medbook.identity.application;

import java.time.Clock;
import java.time.Instant;
import java.util.Collection;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import org.medbook.identity.domain.Revocation;
import org.medbook.shared.realtime.OpenSockets;
import org.springframework.stereotype.Component;

/**
 * This node's copy of the revoked sessions and users, asked on every request and every STOMP
 * CONNECT without touching the database. It is filled at start and kept current by the revocation
 * feed; entries are forgotten once every token they cover has expired anyway.
 */
@Component
public class RevokedTokens {

    /** What a socket opened under an ended session is told as it is closed. */
    public static final String SESSION_ENDED = "The session has ended; sign in again";

    private final Map<UUID, Instant> sessions = new ConcurrentHashMap<>();
    private final Map<UUID, Revocation.TokensBefore> users = new ConcurrentHashMap<>();
    private final Clock clock;
    private final OpenSockets sockets;

    RevokedTokens(Clock clock, OpenSockets sockets) {
        this.clock = clock;
        this.sockets = sockets;
    }

    /**
     * @param sessionId the token's {@code sid}, null when it has none (a password-change token)
     * @param issuedAt  the token's {@code iat}
     */
    public boolean revoked(UUID userId, UUID sessionId, Instant issuedAt) {
        Instant now = clock.instant();
        if (sessionId != null) {
            Instant until = sessions.get(sessionId);
            if (until != null && until.isAfter(now)) {
                return true;
            }
        }
        if (userId != null) {
            Revocation.TokensBefore cut = users.get(userId);
            return cut != null && cut.expiresAt().isAfter(now) && cut.covers(issuedAt);
        }
        return false;
    }

    /**
     * Adds what this node has not seen yet, and ends the sockets this node holds under a session that
     * just ended; hearing of one revocation twice changes nothing.
     */
    public void remember(Collection<? extends Revocation> revocations) {
        if (revocations.isEmpty()) {
            return;
        }
        for (Revocation revocation : revocations) {
            switch (revocation) {
                case Revocation.Session session -> sessions.merge(session.sessionId(), session.expiresAt(),
                        (a, b) -> a.isAfter(b) ? a : b);
                case Revocation.TokensBefore cut -> users.merge(cut.userId(), cut, RevokedTokens::later);
            }
        }
        sockets.endWhere(owner -> revoked(owner.userId(), owner.sessionId(), owner.issuedAt()), SESSION_ENDED);
    }

    /** Drops entries whose tokens have all expired; returns how many are left. */
    public int forgetExpired() {
        Instant now = clock.instant();
        sessions.values().removeIf(until -> !until.isAfter(now));
        users.values().removeIf(cut -> !cut.expiresAt().isAfter(now));
        return sessions.size() + users.size();
    }

    /** The later cut wins, and it stays as long as the longer-lived of the two. */
    private static Revocation.TokensBefore later(Revocation.TokensBefore a, Revocation.TokensBefore b) {
        Instant before = a.before().isAfter(b.before()) ? a.before() : b.before();
        Instant expires = a.expiresAt().isAfter(b.expiresAt()) ? a.expiresAt() : b.expiresAt();
        return new Revocation.TokensBefore(a.userId(), before, expires);
    }
}
