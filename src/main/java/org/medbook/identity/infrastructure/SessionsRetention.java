package org.medbook.identity.infrastructure;

import java.time.Instant;

import org.medbook.shared.retention.RetentionTarget;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Refresh tokens of ended sessions: expired, or revoked (sign-out, a password change, a reused
 * token). Either way the token is refused, whether its row is there or not. Tokens rotated within a
 * live session stay until they expire, so presenting one again is still recognised as reuse.
 */
@Component
class SessionsRetention implements RetentionTarget {

    private final JdbcClient jdbc;

    SessionsRetention(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public String name() {
        return "sessions";
    }

    @Override
    public int purge(Instant before, int batch) {
        return jdbc.sql("""
                DELETE FROM refresh_tokens WHERE token_hash IN (
                    SELECT token_hash FROM refresh_tokens WHERE expires_at < :before OR revoked_at < :before
                    LIMIT :batch FOR UPDATE SKIP LOCKED)
                """)
                .param("before", JdbcUsers.utc(before)).param("batch", batch).update();
    }
}
