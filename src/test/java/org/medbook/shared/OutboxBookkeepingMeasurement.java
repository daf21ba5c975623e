package org.medbook.shared;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.medbook.support.IntegrationTest;
import org.medbook.support.TestDatabase;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.transaction.support.TransactionTemplate;

import static org.awaitility.Awaitility.await;

/**
 * What the outbox costs per event and listener: publishes auditable events (one listener each), waits
 * until every one is recorded, and prints the deltas of PostgreSQL's own statistics. Not a test (the
 * name keeps it out of the suite): run it on demand, once per completion mode, and compare:
 * {@code mvn -B -q test -Dtest=OutboxBookkeepingMeasurement -Dspring.modulith.events.completion-mode=update}
 * (and {@code =delete}). Transactions are counted database-wide, so the background pollers' rate,
 * measured over an idle stretch first, is subtracted.
 */
class OutboxBookkeepingMeasurement extends IntegrationTest {

    private static final int EVENTS = Integer.getInteger("medbook.measure.events", 500);

    record Probe(UUID eventId, Instant occurredAt, UUID actorId, String action, String target, String clientIp,
                 Map<String, Object> details) implements AuditableEvent {
    }

    record Stats(long commits, long inserted, long updated, long hotUpdated, long deleted, long dead, long rows,
                 long nanos) {

        Stats minus(Stats before) {
            return new Stats(commits - before.commits, inserted - before.inserted, updated - before.updated,
                    hotUpdated - before.hotUpdated, deleted - before.deleted, dead, rows, nanos - before.nanos);
        }
    }

    @Autowired
    private ApplicationEventPublisher events;

    @Autowired
    private TransactionTemplate transactions;

    @Value("${spring.modulith.events.completion-mode:update}")
    private String mode;

    @Test
    void measure() throws Exception {
        String action = "probe.cost." + UUID.randomUUID();
        Stats idleStart = stats();
        Thread.sleep(5_000);
        Stats idle = stats().minus(idleStart);
        double idleCommitsPerSecond = idle.commits() / (idle.nanos() / 1e9);

        Stats start = stats();
        for (int i = 0; i < EVENTS; i++) {
            Probe probe = new Probe(UUID.randomUUID(), clock.instant(), null, action, "probe", "192.0.2.9", Map.of());
            transactions.executeWithoutResult(status -> events.publishEvent(probe));
        }
        await().atMost(Duration.ofMinutes(2)).until(() -> count("SELECT count(*) FROM audit_events WHERE action = '"
                + action + "'") == EVENTS && count("SELECT count(*) FROM event_publication WHERE completion_date IS NULL") == 0);
        Stats run = stats().minus(start);
        double background = idleCommitsPerSecond * run.nanos() / 1e9;

        System.out.printf("""
                OUTBOX BOOKKEEPING (completion-mode %s, %d events, one listener each)
                  transactions per event: %.2f (%d commits, minus %.0f background at %.1f/s)
                  event_publication per event: %.2f inserts, %.2f updates (%.2f HOT), %.2f deletes
                  event_publication afterwards: %d rows, %d dead tuples
                """, mode, EVENTS, (run.commits() - background) / EVENTS, run.commits(), background, idleCommitsPerSecond,
                (double) run.inserted() / EVENTS, (double) run.updated() / EVENTS, (double) run.hotUpdated() / EVENTS,
                (double) run.deleted() / EVENTS, run.rows(), run.dead());
    }

    /** An idle backend reports its statistics up to 10 s after its last transaction: wait that long first. */
    private static Stats stats() throws Exception {
        Thread.sleep(11_000);
        try (Connection connection = TestDatabase.connect(); Statement statement = connection.createStatement()) {
            statement.execute("SELECT pg_stat_clear_snapshot()");
            try (ResultSet rows = statement.executeQuery("""
                    SELECT d.xact_commit, t.n_tup_ins, t.n_tup_upd, t.n_tup_hot_upd, t.n_tup_del, t.n_dead_tup, t.n_live_tup
                    FROM pg_stat_database d, pg_stat_user_tables t
                    WHERE d.datname = current_database() AND t.relname = 'event_publication'""")) {
                rows.next();
                return new Stats(rows.getLong(1), rows.getLong(2), rows.getLong(3), rows.getLong(4), rows.getLong(5),
                        rows.getLong(6), rows.getLong(7), System.nanoTime());
            }
        }
    }

    private static long count(String sql) throws SQLException {
        try (Connection connection = TestDatabase.connect(); Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery(sql)) {
            rows.next();
            return rows.getLong(1);
        }
    }
}
