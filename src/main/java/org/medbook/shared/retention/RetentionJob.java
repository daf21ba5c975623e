package org.medbook.shared.retention;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import javax.sql.DataSource;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Purges every {@link RetentionTarget} in batches, one short transaction per batch. Every node
 * schedules it, but a PostgreSQL advisory lock held on a connection of its own for the whole run lets
 * one node at a time purge: a node that finds the lock taken skips its turn, and the lock goes with
 * the connection if the node dies mid-run.
 */
@Component
public class RetentionJob {

    private static final Logger log = LoggerFactory.getLogger(RetentionJob.class);
    private static final String LOCK_KEY = "hashtextextended('medbook:retention', 0)";

    private final List<RetentionTarget> targets;
    private final RetentionProperties properties;
    private final DataSource dataSource;
    private final TransactionTemplate transaction;
    private final Clock clock;
    private final Map<String, Counter> purged = new LinkedHashMap<>();

    RetentionJob(List<RetentionTarget> targets, RetentionProperties properties, DataSource dataSource,
            PlatformTransactionManager transactions, MeterRegistry registry, Clock clock) {
        this.targets = List.copyOf(targets);
        this.properties = properties;
        this.dataSource = dataSource;
        this.transaction = new TransactionTemplate(transactions);
        this.clock = clock;
        for (RetentionTarget target : this.targets) {
            if (!properties.ages().containsKey(target.name())) {
                throw new IllegalStateException("No age for the retention target '" + target.name()
                        + "': set medbook.retention.ages." + target.name());
            }
            if (purged.put(target.name(), Counter.builder("medbook.retention.purged")
                    .description("Rows deleted because they outlived their purpose").tag("target", target.name())
                    .register(registry)) != null) {
                throw new IllegalStateException("Two retention targets are named '" + target.name() + "'");
            }
        }
    }

    @Scheduled(fixedDelayString = "${medbook.retention.every:PT1H}",
            initialDelayString = "${medbook.retention.initial-delay:PT5M}")
    void onSchedule() {
        runIfNoOtherNodeIs();
    }

    /**
     * Purges every target now, after waiting for a run another node may have in progress; returns the
     * rows deleted per target.
     */
    public Map<String, Integer> run() {
        return locked(true).orElseThrow();
    }

    /** Purges every target unless another node is already doing so (then returns empty). */
    public Optional<Map<String, Integer>> runIfNoOtherNodeIs() {
        return locked(false);
    }

    private Optional<Map<String, Integer>> locked(boolean wait) {
        try (Connection lockHolder = dataSource.getConnection()) {
            lockHolder.setAutoCommit(true);
            if (!lock(lockHolder, wait)) {
                log.debug("Another node is purging; skipping this run");
                return Optional.empty();
            }
            try {
                return Optional.of(purgeAll());
            } finally {
                execute(lockHolder, "SELECT pg_advisory_unlock(" + LOCK_KEY + ")");
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Could not take the retention lock", e);
        }
    }

    private Map<String, Integer> purgeAll() {
        Instant now = clock.instant();
        Map<String, Integer> result = new LinkedHashMap<>();
        for (RetentionTarget target : targets) {
            Duration age = properties.ages().get(target.name());
            try {
                result.put(target.name(), purge(target, now.minus(age)));
            } catch (RuntimeException e) {
                // one target's trouble must not keep the others' data forever
                log.warn("Purging {} failed; the next run tries again", target.name(), e);
            }
        }
        return result;
    }

    private int purge(RetentionTarget target, Instant before) {
        int batch = properties.batchSize();
        int total = 0;
        int deleted;
        do {
            Integer count = transaction.execute(status -> target.purge(before, batch));
            deleted = count == null ? 0 : count;
            total += deleted;
            purged.get(target.name()).increment(deleted);
        } while (deleted >= batch);
        if (total > 0) {
            log.info("Purged {} rows of {} (kept for {})", total, target.name(), properties.ages().get(target.name()));
        }
        return total;
    }

    private static boolean lock(Connection connection, boolean wait) throws SQLException {
        if (wait) {
            execute(connection, "SELECT pg_advisory_lock(" + LOCK_KEY + ")");
            return true;
        }
        try (PreparedStatement statement = connection.prepareStatement("SELECT pg_try_advisory_lock(" + LOCK_KEY + ")");
             ResultSet rows = statement.executeQuery()) {
            return rows.next() && rows.getBoolean(1);
        }
    }

    private static void execute(Connection connection, String sql) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.execute();
        }
    }
}
