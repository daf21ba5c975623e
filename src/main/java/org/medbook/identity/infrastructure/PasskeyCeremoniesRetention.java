package org.medbook.identity.infrastructure;

import java.time.Instant;

import org.medbook.shared.retention.RetentionTarget;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Passkey ceremonies nobody answered: once expired their options are refused, so the row (a challenge and
 * the member's user handle) serves nothing. Answered ones are gone already (taking one deletes it).
 */
@Component
class PasskeyCeremoniesRetention implements RetentionTarget {

    private final JdbcClient jdbc;

    PasskeyCeremoniesRetention(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public String name() {
        return "passkey-ceremonies";
    }

    @Override
    public int purge(Instant before, int batch) {
        // a ceremony being answered right now (row locked) is left for the next run
        return jdbc.sql("""
                DELETE FROM passkey_ceremonies WHERE id IN (
                    SELECT id FROM passkey_ceremonies WHERE expires_at < :before
                    LIMIT :batch FOR UPDATE SKIP LOCKED)
                """)
                .param("before", JdbcUsers.utc(before)).param("batch", batch).update();
    }
}
