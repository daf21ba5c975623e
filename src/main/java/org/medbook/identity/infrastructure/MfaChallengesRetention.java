package org.medbook.identity.infrastructure;

import java.time.Instant;

import org.medbook.shared.retention.RetentionTarget;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Password steps of two-step sign-ins that were never completed (or were, and are used up): once expired
 * the token is refused, so the row (a token hash and whose sign-in it was) serves nothing.
 */
@Component
class MfaChallengesRetention implements RetentionTarget {

    private final JdbcClient jdbc;

    MfaChallengesRetention(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public String name() {
        return "mfa-challenges";
    }

    @Override
    public int purge(Instant before, int batch) {
        // a second step being completed right now (row locked) is left for the next run
        return jdbc.sql("""
                DELETE FROM mfa_challenges WHERE token_hash IN (
                    SELECT token_hash FROM mfa_challenges WHERE expires_at < :before
                    LIMIT :batch FOR UPDATE SKIP LOCKED)
                """)
                .param("before", JdbcUsers.utc(before)).param("batch", batch).update();
    }
}
