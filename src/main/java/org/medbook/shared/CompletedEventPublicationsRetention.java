package org.medbook.shared;

import java.time.Instant;
import java.time.ZoneOffset;

import org.medbook.shared.retention.RetentionTarget;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Completed outbox rows. Publications are deleted as they complete, so this finds only rows completed
 * before that was switched on (or marked completed by hand); publications still to do, failed ones
 * included, are never touched.
 */
@Component
class CompletedEventPublicationsRetention implements RetentionTarget {

    private final JdbcClient jdbc;

    CompletedEventPublicationsRetention(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public String name() {
        return "completed-event-publications";
    }

    @Override
    public int purge(Instant before, int batch) {
        return jdbc.sql("""
                DELETE FROM event_publication WHERE id IN (
                    SELECT id FROM event_publication
                    WHERE completion_date < :before AND (status = 'COMPLETED' OR status IS NULL)
                    LIMIT :batch FOR UPDATE SKIP LOCKED)
                """)
                .param("before", before.atOffset(ZoneOffset.UTC)).param("batch", batch).update();
    }
}
