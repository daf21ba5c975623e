package org.medbook.shared.idempotency;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import jakarta.annotation.PreDestroy;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The lease on a key whose work is committed but not yet answered (the second step of a two-step
 * request runs). This node renews the leases it holds every few seconds on a thread of its own; when
 * the node dies, the lease lapses after {@link #LEASE} and a repeat of the request may take it over.
 */
@Component
class IdempotencyLeases {

    static final Duration LEASE = Duration.ofSeconds(10);
    private static final Duration RENEW_EVERY = Duration.ofSeconds(3);
    private static final Logger log = LoggerFactory.getLogger(IdempotencyLeases.class);

    private record Key(UUID ownerId, String key) { }

    /** A held lease; closing it stops the renewals (the answer, stored or not, ends it in the database). */
    interface Held extends AutoCloseable {
        @Override
        void close();
    }

    private final JdbcClient jdbc;
    private final Clock clock;
    private final Set<Key> held = ConcurrentHashMap.newKeySet();
    private final ScheduledExecutorService renewals = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("idempotency-leases").daemon().factory());

    IdempotencyLeases(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
        renewals.scheduleWithFixedDelay(this::renew, RENEW_EVERY.toMillis(), RENEW_EVERY.toMillis(), TimeUnit.MILLISECONDS);
    }

    Held hold(UUID ownerId, String key) {
        Key held = new Key(ownerId, key);
        this.held.add(held);
        return () -> this.held.remove(held);
    }

    /** Takes over a committed, unanswered key whose lease has lapsed; false when someone holds it. */
    boolean takeOver(UUID ownerId, String key) {
        Instant now = clock.instant();
        return jdbc.sql("""
                UPDATE idempotency_keys SET lease_until = :until
                WHERE owner_id = :owner AND key = :key AND response_status IS NULL AND reference IS NOT NULL
                  AND (lease_until IS NULL OR lease_until <= :now)
                """).param("until", now.plus(LEASE).atOffset(ZoneOffset.UTC)).param("now", now.atOffset(ZoneOffset.UTC))
                .param("owner", ownerId).param("key", key).update() == 1;
    }

    /** Ends the lease now, so the next repeat need not wait for it. */
    void lapse(UUID ownerId, String key) {
        jdbc.sql("UPDATE idempotency_keys SET lease_until = :now WHERE owner_id = :owner AND key = :key AND response_status IS NULL")
                .param("now", clock.instant().atOffset(ZoneOffset.UTC)).param("owner", ownerId).param("key", key).update();
    }

    private void renew() {
        for (Key key : held) {
            try {
                jdbc.sql("""
                        UPDATE idempotency_keys SET lease_until = :until
                        WHERE owner_id = :owner AND key = :key AND response_status IS NULL
                        """).param("until", clock.instant().plus(LEASE).atOffset(ZoneOffset.UTC))
                        .param("owner", key.ownerId()).param("key", key.key()).update();
            } catch (RuntimeException e) {
                log.warn("Could not renew an idempotency lease ({}); it lapses unless renewed in time", e.toString());
            }
        }
    }

    @PreDestroy
    void stop() {
        renewals.shutdownNow();
    }
}
