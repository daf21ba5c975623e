package org.medbook.identity.infrastructure;

import java.time.Instant;

import org.medbook.shared.retention.RetentionTarget;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** One-time codes nobody used: once expired they can only be replaced, never verified. */
@Component
class OneTimeCodesRetention implements RetentionTarget {

    private final JdbcClient jdbc;

    OneTimeCodesRetention(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public String name() {
        return "one-time-codes";
    }

    @Override
    public int purge(Instant before, int batch) {
        // a code someone is verifying right now (row locked) is left for the next run
        return jdbc.sql("""
                DELETE FROM one_time_codes WHERE destination_hash IN (
                    SELECT destination_hash FROM one_time_codes WHERE expires_at < :before
                    LIMIT :batch FOR UPDATE SKIP LOCKED)
                """)
                .param("before", JdbcUsers.utc(before)).param("batch", batch).update();
    }
}
