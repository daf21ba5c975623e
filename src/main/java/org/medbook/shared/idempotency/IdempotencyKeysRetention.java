package org.medbook.shared.idempotency;

import java.time.Instant;
import java.time.ZoneOffset;

import org.medbook.shared.retention.RetentionTarget;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Idempotency keys older than their time to live: a client repeats a request within seconds or
 * minutes, not days. A key still claimed by a request in flight (row locked) is left for the next run.
 */
@Component
class IdempotencyKeysRetention implements RetentionTarget {

    private final JdbcClient jdbc;

    IdempotencyKeysRetention(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public String name() {
        return "idempotency-keys";
    }

    @Override
    public int purge(Instant before, int batch) {
        return jdbc.sql("""
                DELETE FROM idempotency_keys WHERE ctid IN (
                    SELECT ctid FROM idempotency_keys WHERE created_at < :before
                    LIMIT :batch FOR UPDATE SKIP LOCKED)
                """)
                .param("before", before.atOffset(ZoneOffset.UTC)).param("batch", batch).update();
    }
}
