package org.medbook.identity.infrastructure;

import java.time.Instant;

import org.medbook.shared.retention.RetentionTarget;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * What the identity module keeps only while it can still serve: each target deletes, in batches, the
 * rows whose purpose ended before the job's cut-off. A row being used right now (locked) is left for
 * the next run.
 */
@Configuration(proxyBeanMethods = false)
class IdentityRetention {

    /** One-time codes nobody used: once expired they can only be replaced, never verified. */
    @Bean
    RetentionTarget oneTimeCodesRetention(JdbcClient jdbc) {
        return new EndedRows(jdbc, "one-time-codes", "one_time_codes", "destination_hash", "expires_at < :before");
    }

    /**
     * Refresh tokens of ended sessions: expired, or revoked (sign-out, a password change, a reused
     * token). Either way the token is refused, whether its row is there or not. Tokens rotated within a
     * live session stay until they expire, so presenting one again is still recognised as reuse.
     */
    @Bean
    RetentionTarget sessionsRetention(JdbcClient jdbc) {
        return new EndedRows(jdbc, "sessions", "refresh_tokens", "token_hash",
                "expires_at < :before OR revoked_at < :before");
    }

    /**
     * Passkey ceremonies nobody answered: once expired their options are refused, so the row (a challenge
     * and the member's user handle) serves nothing. Answered ones are gone already (taking one deletes it).
     */
    @Bean
    RetentionTarget passkeyCeremoniesRetention(JdbcClient jdbc) {
        return new EndedRows(jdbc, "passkey-ceremonies", "passkey_ceremonies", "id", "expires_at < :before");
    }

    /**
     * Password steps of two-step sign-ins, completed or abandoned: once expired the token is refused, so
     * the row (a token hash and whose sign-in it was) serves nothing.
     */
    @Bean
    RetentionTarget mfaChallengesRetention(JdbcClient jdbc) {
        return new EndedRows(jdbc, "mfa-challenges", "mfa_challenges", "token_hash", "expires_at < :before");
    }

    /** Deletes up to a batch of a table's rows whose purpose ended, by their key, skipping locked ones. */
    private record EndedRows(JdbcClient jdbc, String name, String table, String key, String ended)
            implements RetentionTarget {

        @Override
        public int purge(Instant before, int batch) {
            return jdbc.sql("DELETE FROM " + table + " WHERE " + key + " IN (SELECT " + key + " FROM " + table
                            + " WHERE " + ended + " LIMIT :batch FOR UPDATE SKIP LOCKED)")
                    .param("before", JdbcUsers.utc(before)).param("batch", batch).update();
        }
    }
}
