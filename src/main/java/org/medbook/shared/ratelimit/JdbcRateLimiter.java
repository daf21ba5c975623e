package org.medbook.shared.ratelimit;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The generic cell rate algorithm in one atomic upsert per bucket: each row keeps the theoretical
 * arrival time (TAT) of the next request; a request is admitted when pushing the TAT by one
 * emission interval keeps it within one period of now. Concurrent callers on any node serialise on
 * the row, so a burst can never slip past the limit.
 */
@Component
class JdbcRateLimiter implements RateLimiter {

    private final JdbcClient jdbc;
    private final Clock clock;
    private final TransactionTemplate transactions;
    private final TransactionTemplate callers;

    JdbcRateLimiter(JdbcClient jdbc, Clock clock, PlatformTransactionManager transactionManager) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.transactions = new TransactionTemplate(transactionManager);
        // Runs on its own so a refused request still counts even when the caller's work rolls back.
        this.transactions.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
        this.callers = new TransactionTemplate(transactionManager);
        this.callers.setPropagationBehavior(TransactionDefinition.PROPAGATION_MANDATORY);
    }

    @Override
    public Decision acquire(Map<String, RateLimit> buckets) {
        return transactions.execute(status -> {
            Decision decision = take(buckets);
            if (!decision.allowed()) {
                status.setRollbackOnly();
            }
            return decision;
        });
    }

    @Override
    public Decision acquireWithin(Map<String, RateLimit> buckets) {
        return callers.execute(status -> take(buckets));
    }

    private Decision take(Map<String, RateLimit> buckets) {
        Instant now = clock.instant();
        Duration longestWait = Duration.ZERO;
        // A stable order keeps two callers with overlapping buckets from deadlocking.
        for (String bucket : buckets.keySet().stream().sorted().toList()) {
            Optional<Duration> wait = tryTake(bucket, buckets.get(bucket), now);
            if (wait.isPresent() && wait.get().compareTo(longestWait) > 0) {
                longestWait = wait.get();
            }
        }
        return longestWait.isZero() ? Decision.allow() : new Decision(false, longestWait);
    }

    /** Empty when admitted, otherwise how long until the bucket admits one more. */
    private Optional<Duration> tryTake(String bucket, RateLimit limit, Instant now) {
        long intervalMicros = limit.emissionInterval().toNanos() / 1000;
        long periodMicros = limit.period().toNanos() / 1000;
        Optional<OffsetDateTime> admitted = jdbc.sql("""
                INSERT INTO rate_limits (bucket, tat)
                VALUES (:bucket, CAST(:now AS timestamptz) + :interval * INTERVAL '1 microsecond')
                ON CONFLICT (bucket) DO UPDATE
                    SET tat = GREATEST(rate_limits.tat, EXCLUDED.tat - :interval * INTERVAL '1 microsecond')
                              + :interval * INTERVAL '1 microsecond'
                    WHERE GREATEST(rate_limits.tat, EXCLUDED.tat - :interval * INTERVAL '1 microsecond')
                          + :interval * INTERVAL '1 microsecond'
                          <= CAST(:now AS timestamptz) + :period * INTERVAL '1 microsecond'
                RETURNING tat
                """)
                .param("bucket", bucket)
                .param("now", now.atOffset(ZoneOffset.UTC))
                .param("interval", intervalMicros)
                .param("period", periodMicros)
                .query(OffsetDateTime.class)
                .optional();
        if (admitted.isPresent()) {
            return Optional.empty();
        }
        Instant tat = jdbc.sql("SELECT tat FROM rate_limits WHERE bucket = :bucket")
                .param("bucket", bucket)
                .query(OffsetDateTime.class)
                .single()
                .toInstant();
        Instant nextAdmission = tat.plus(limit.emissionInterval()).minus(limit.period());
        Duration wait = Duration.between(now, nextAdmission);
        return Optional.of(wait.isNegative() || wait.isZero() ? Duration.ofSeconds(1) : wait);
    }

    /** Buckets whose TAT has passed are full again; dropping them changes nothing. Safe on every node. */
    @Scheduled(fixedDelayString = "PT10M", initialDelayString = "PT1M")
    void forgetIdleBuckets() {
        jdbc.sql("DELETE FROM rate_limits WHERE tat < :now")
                .param("now", clock.instant().atOffset(ZoneOffset.UTC))
                .update();
    }
}
