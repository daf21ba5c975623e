package org.medbook.shared.retention;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

import io.micrometer.core.instrument.MeterRegistry;

import org.junit.jupiter.api.Test;
import org.medbook.shared.AuditableEvent;
import org.medbook.support.IntegrationTest;
import org.medbook.support.TestDatabase;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Each retention target deletes exactly what is past its age, a second older than the limit, and keeps
 * what is a second inside it; the job runs through its public method at instants pinned in the future.
 */
class RetentionTests extends IntegrationTest {

    private static final Instant NOW = Instant.parse("2031-03-03T10:00:00Z");
    private static final Duration SECOND = Duration.ofSeconds(1);

    record Probe(UUID eventId, Instant occurredAt, UUID actorId, String action, String target, String clientIp,
                 Map<String, Object> details) implements AuditableEvent {
    }

    @Autowired
    private RetentionJob retention;

    @Autowired
    private RetentionProperties properties;

    @Autowired
    private MeterRegistry meters;

    @Autowired
    private ApplicationEventPublisher events;

    @Autowired
    private TransactionTemplate transactions;

    @Test
    void oneTimeCodesArePurgedOnceExpiredLongerThanTheirAge() throws Exception {
        Instant limit = NOW.minus(age("one-time-codes"));
        byte[] old = code(limit.minus(SECOND));
        byte[] recent = code(limit.plus(SECOND));
        byte[] live = code(NOW.plus(Duration.ofMinutes(5)));

        clock.setTo(NOW);
        retention.run();

        assertThat(count("SELECT count(*) FROM one_time_codes WHERE destination_hash = ?", old)).isZero();
        assertThat(count("SELECT count(*) FROM one_time_codes WHERE destination_hash = ?", recent)).isOne();
        assertThat(count("SELECT count(*) FROM one_time_codes WHERE destination_hash = ?", live)).isOne();
    }

    @Test
    void sessionsArePurgedOnceExpiredOrRevokedLongerThanTheirAgeAndLiveOnesStay() throws Exception {
        Instant limit = NOW.minus(age("sessions"));
        Instant later = NOW.plus(Duration.ofDays(20));
        byte[] expired = refreshToken(limit.minus(SECOND), null, null);
        byte[] justExpired = refreshToken(limit.plus(SECOND), null, null);
        byte[] revoked = refreshToken(later, limit.minus(SECOND), null);
        byte[] justRevoked = refreshToken(later, limit.plus(SECOND), null);
        byte[] rotatedButLive = refreshToken(later, null, limit.minus(Duration.ofDays(1)));

        clock.setTo(NOW);
        retention.run();

        assertThat(refreshTokenExists(expired)).isFalse();
        assertThat(refreshTokenExists(revoked)).isFalse();
        assertThat(refreshTokenExists(justExpired)).isTrue();
        assertThat(refreshTokenExists(justRevoked)).isTrue();
        assertThat(refreshTokenExists(rotatedButLive)).as("reuse of a rotated token must still be recognised").isTrue();
    }

    @Test
    void idempotencyKeysArePurgedOnceOlderThanTheirTimeToLive() throws Exception {
        assertThat(age("idempotency-keys")).isEqualTo(Duration.ofHours(24));
        Instant limit = NOW.minus(age("idempotency-keys"));
        UUID owner = UUID.randomUUID();
        idempotencyKey(owner, "old", limit.minus(SECOND));
        idempotencyKey(owner, "recent", limit.plus(SECOND));

        clock.setTo(NOW);
        retention.run();

        assertThat(count("SELECT count(*) FROM idempotency_keys WHERE owner_id = ? AND key = 'old'", owner)).isZero();
        assertThat(count("SELECT count(*) FROM idempotency_keys WHERE owner_id = ? AND key = 'recent'", owner)).isOne();
    }

    @Test
    void notificationsPastTheirAgeGoWithTheirDeliveriesUnlessAChannelIsStillSending() throws Exception {
        Instant limit = NOW.minus(age("notifications"));
        UUID delivered = notification(limit.minus(SECOND), "SENT");
        UUID read = notification(limit.minus(SECOND), null);
        UUID stillSending = notification(limit.minus(SECOND), "PENDING");
        UUID recent = notification(limit.plus(SECOND), "SENT");

        clock.setTo(NOW);
        retention.run();

        assertThat(count("SELECT count(*) FROM notifications WHERE id IN (?, ?)", delivered, read)).isZero();
        assertThat(count("SELECT count(*) FROM notification_deliveries WHERE notification_id = ?", delivered)).isZero();
        assertThat(count("SELECT count(*) FROM notifications WHERE id IN (?, ?)", stillSending, recent)).isEqualTo(2);
        assertThat(count("SELECT count(*) FROM notification_deliveries WHERE notification_id IN (?, ?)", stillSending,
                recent)).isEqualTo(2);
    }

    @Test
    void passkeyCeremoniesNobodyAnsweredArePurgedOnceExpiredLongerThanTheirAge() throws Exception {
        Instant limit = NOW.minus(age("passkey-ceremonies"));
        UUID old = ceremony(limit.minus(SECOND));
        UUID recent = ceremony(limit.plus(SECOND));
        UUID live = ceremony(NOW.plus(Duration.ofMinutes(5)));

        clock.setTo(NOW);
        retention.run();

        assertThat(count("SELECT count(*) FROM passkey_ceremonies WHERE id = ?", old)).isZero();
        assertThat(count("SELECT count(*) FROM passkey_ceremonies WHERE id = ?", recent)).isOne();
        assertThat(count("SELECT count(*) FROM passkey_ceremonies WHERE id = ?", live)).isOne();
    }

    @Test
    void secondStepsOfSignInsArePurgedOnceExpiredLongerThanTheirAge() throws Exception {
        Instant limit = NOW.minus(age("mfa-challenges"));
        byte[] old = mfaChallenge(limit.minus(SECOND));
        byte[] recent = mfaChallenge(limit.plus(SECOND));
        byte[] live = mfaChallenge(NOW.plus(Duration.ofMinutes(5)));

        clock.setTo(NOW);
        retention.run();

        assertThat(count("SELECT count(*) FROM mfa_challenges WHERE token_hash = ?", old)).isZero();
        assertThat(count("SELECT count(*) FROM mfa_challenges WHERE token_hash = ?", recent)).isOne();
        assertThat(count("SELECT count(*) FROM mfa_challenges WHERE token_hash = ?", live)).isOne();
    }

    @Test
    void morePasskeyCeremoniesThanOneBatchAreAllPurgedAndCounted() throws Exception {
        int batch = properties.batchSize();
        int rows = batch * 2 + batch / 2;
        Instant expired = NOW.minus(age("passkey-ceremonies")).minus(Duration.ofHours(1));
        String marker = "batch-" + UUID.randomUUID();
        execute("""
                INSERT INTO passkey_ceremonies (id, user_id, purpose, challenge, options, expires_at)
                SELECT gen_random_uuid(), (SELECT id FROM users ORDER BY created_at LIMIT 1), 'authentication',
                       sha256(convert_to(m.marker || ':' || n, 'UTF8')), jsonb_build_object('marker', m.marker), ?
                FROM (SELECT CAST(? AS text) AS marker) m, generate_series(1, ?) n""", utc(expired), marker, rows);
        double countedBefore = purgedCounter("passkey-ceremonies");

        clock.setTo(NOW);
        Map<String, Integer> purged = retention.run();

        assertThat(count("SELECT count(*) FROM passkey_ceremonies WHERE options ->> 'marker' = ?", marker)).isZero();
        assertThat(purged.get("passkey-ceremonies")).isGreaterThanOrEqualTo(rows);
        assertThat(purgedCounter("passkey-ceremonies") - countedBefore)
                .isEqualTo(purged.get("passkey-ceremonies").doubleValue());
    }

    @Test
    void moreRowsThanOneBatchAreAllPurgedAndCounted() throws Exception {
        int batch = properties.batchSize();
        int rows = batch * 2 + batch / 2;
        Instant old = NOW.minus(age("idempotency-keys")).minus(Duration.ofHours(1));
        UUID owner = UUID.randomUUID();
        for (int i = 0; i < rows; i++) {
            idempotencyKey(owner, "batch-" + i, old);
        }
        double countedBefore = purgedCounter("idempotency-keys");

        clock.setTo(NOW);
        Map<String, Integer> purged = retention.run();

        assertThat(count("SELECT count(*) FROM idempotency_keys WHERE owner_id = ?", owner)).isZero();
        assertThat(purged.get("idempotency-keys")).isGreaterThanOrEqualTo(rows);
        assertThat(purgedCounter("idempotency-keys") - countedBefore).isEqualTo(purged.get("idempotency-keys").doubleValue());
    }

    @Test
    void aNodeThatFindsAnotherOnePurgingSkipsItsTurn() throws Exception {
        UUID owner = UUID.randomUUID();
        idempotencyKey(owner, "contended", NOW.minus(Duration.ofDays(3)));
        clock.setTo(NOW);

        try (Connection otherNode = TestDatabase.connect(); Statement statement = otherNode.createStatement()) {
            statement.execute("SELECT pg_advisory_lock(hashtextextended('medbook:retention', 0))");
            assertThat(retention.runIfNoOtherNodeIs()).isEmpty();
            assertThat(count("SELECT count(*) FROM idempotency_keys WHERE owner_id = ?", owner)).isOne();
            statement.execute("SELECT pg_advisory_unlock(hashtextextended('medbook:retention', 0))");
        }

        assertThat(retention.runIfNoOtherNodeIs()).isPresent();
        assertThat(count("SELECT count(*) FROM idempotency_keys WHERE owner_id = ?", owner)).isZero();
    }

    @Test
    void aCompletedPublicationIsGoneAtOnceWhileOneWhoseListenerFailedIsKept() throws Exception {
        UUID completed = UUID.randomUUID();
        UUID failing = UUID.randomUUID();
        publish(new Probe(completed, clock.instant(), null, "retention.probe", "probe:" + completed, null, Map.of()));
        // the audit trail refuses an entry without an action, so this listener fails
        publish(new Probe(failing, clock.instant(), null, null, "probe:" + failing, null, Map.of()));
        try {
            await().atMost(Duration.ofSeconds(10)).until(() -> count("SELECT count(*) FROM audit_events WHERE event_id = ?",
                    completed) == 1 && publications(completed, "TRUE") == 0);
            await().atMost(Duration.ofSeconds(10)).until(() -> publications(failing, "status = 'FAILED'") == 1);

            // completed rows left from before publications were deleted at completion, either side of their age
            Instant limit = NOW.minus(age("completed-event-publications"));
            UUID oldCompleted = copyAsCompleted(failing, limit.minus(SECOND));
            UUID recentCompleted = copyAsCompleted(failing, limit.plus(SECOND));

            clock.setTo(NOW);
            retention.run();

            assertThat(publications(failing, "completion_date IS NULL"))
                    .as("a failed publication waits to be resubmitted").isOne();
            assertThat(count("SELECT count(*) FROM event_publication WHERE id = ?", oldCompleted)).isZero();
            assertThat(count("SELECT count(*) FROM event_publication WHERE id = ?", recentCompleted)).isOne();
        } finally {
            execute("DELETE FROM event_publication WHERE serialized_event LIKE ?", "%" + failing + "%");
        }
    }

    // ---- rows as the modules write them ------------------------------------------------------

    private Duration age(String target) {
        return properties.ages().get(target);
    }

    private double purgedCounter(String target) {
        var counter = meters.find("medbook.retention.purged").tag("target", target).counter();
        return counter == null ? 0 : counter.count();
    }

    private static byte[] code(Instant expiresAt) throws SQLException {
        byte[] destination = random();
        execute("""
                INSERT INTO one_time_codes (destination_hash, channel, code_hash, expires_at, failed_attempts, created_at)
                VALUES (?, 'EMAIL', ?, ?, 0, ?)""", destination, random(), utc(expiresAt), utc(expiresAt.minusSeconds(300)));
        return destination;
    }

    private static byte[] refreshToken(Instant expiresAt, Instant revokedAt, Instant rotatedAt) throws SQLException {
        byte[] hash = random();
        UUID user = (UUID) single("SELECT id FROM users ORDER BY created_at LIMIT 1");
        execute("""
                INSERT INTO refresh_tokens (token_hash, family_id, user_id, issued_at, expires_at, rotated_at, revoked_at)
                VALUES (?, ?, ?, ?, ?, ?, ?)""", hash, UUID.randomUUID(), user, utc(expiresAt.minus(Duration.ofDays(30))),
                utc(expiresAt), utc(rotatedAt), utc(revokedAt));
        return hash;
    }

    /** A registration ceremony of some user, never answered, expiring at {@code expiresAt}. */
    private static UUID ceremony(Instant expiresAt) throws SQLException {
        UUID id = UUID.randomUUID();
        UUID user = (UUID) single("SELECT id FROM users ORDER BY created_at LIMIT 1");
        execute("""
                INSERT INTO passkey_ceremonies (id, user_id, purpose, challenge, options, expires_at)
                VALUES (?, ?, 'registration', ?, CAST('{}' AS jsonb), ?)""", id, user, random(), utc(expiresAt));
        return id;
    }

    /** The password step of some user's two-step sign-in, expiring at {@code expiresAt}. */
    private static byte[] mfaChallenge(Instant expiresAt) throws SQLException {
        byte[] hash = random();
        UUID user = (UUID) single("SELECT id FROM users ORDER BY created_at LIMIT 1");
        execute("INSERT INTO mfa_challenges (token_hash, user_id, expires_at) VALUES (?, ?, ?)", hash, user,
                utc(expiresAt));
        return hash;
    }

    private static boolean refreshTokenExists(byte[] hash) throws SQLException {
        return count("SELECT count(*) FROM refresh_tokens WHERE token_hash = ?", hash) == 1;
    }

    private static void idempotencyKey(UUID owner, String key, Instant createdAt) throws SQLException {
        execute("""
                INSERT INTO idempotency_keys (owner_id, key, request_hash, response_status, response_body, created_at)
                VALUES (?, ?, ?, 201, '{}', ?)""", owner, key, random(), utc(createdAt));
    }

    /** A notification with one e-mail delivery in {@code status}, or an in-app one (read) without any. */
    private static UUID notification(Instant createdAt, String status) throws SQLException {
        UUID id = UUID.randomUUID();
        UUID event = UUID.randomUUID();
        UUID recipient = UUID.randomUUID();
        execute("""
                INSERT INTO notifications (id, event_id, recipient_id, kind, category, title, body, data, language,
                                           time_zone, in_app, created_at, read_at)
                VALUES (?, ?, ?, 'retention-probe', 'ACCOUNT', 'title', 'body', CAST('{}' AS jsonb), 'en', 'UTC', ?, ?, ?)""",
                id, event, recipient, status == null, utc(createdAt), status == null ? utc(createdAt.plusSeconds(60)) : null);
        if (status != null) {
            Instant never = Instant.parse("2099-01-01T00:00:00Z");
            execute("""
                    INSERT INTO notification_deliveries (id, notification_id, event_id, recipient_id, channel, status,
                                                         next_attempt_at, give_up_at, created_at, finished_at)
                    VALUES (?, ?, ?, ?, 'EMAIL', ?, ?, ?, ?, ?)""", UUID.randomUUID(), id, event, recipient, status,
                    utc(never), utc(never), utc(createdAt), status.equals("SENT") ? utc(createdAt.plusSeconds(5)) : null);
        }
        return id;
    }

    private void publish(Probe probe) {
        transactions.executeWithoutResult(status -> events.publishEvent(probe));
    }

    private static long publications(UUID eventId, String condition) throws SQLException {
        return count("SELECT count(*) FROM event_publication WHERE serialized_event LIKE ? AND " + condition,
                "%" + eventId + "%");
    }

    private static UUID copyAsCompleted(UUID eventId, Instant completedAt) throws SQLException {
        UUID id = UUID.randomUUID();
        execute("""
                INSERT INTO event_publication (id, listener_id, event_type, serialized_event, publication_date,
                                               completion_date, status, completion_attempts)
                SELECT ?, listener_id, event_type, serialized_event, ?, ?, 'COMPLETED', 1
                FROM event_publication WHERE serialized_event LIKE ? AND completion_date IS NULL""",
                id, utc(completedAt.minusSeconds(1)), utc(completedAt), "%" + eventId + "%");
        return id;
    }

    // ---- plain JDBC ---------------------------------------------------------------------------

    private static byte[] random() {
        byte[] bytes = new byte[32];
        ThreadLocalRandom.current().nextBytes(bytes);
        return bytes;
    }

    private static java.time.OffsetDateTime utc(Instant instant) {
        return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
    }

    private static void execute(String sql, Object... parameters) throws SQLException {
        try (Connection connection = TestDatabase.connect(); PreparedStatement statement = prepare(connection, sql, parameters)) {
            statement.executeUpdate();
        }
    }

    private static long count(String sql, Object... parameters) throws SQLException {
        return ((Number) single(sql, parameters)).longValue();
    }

    private static Object single(String sql, Object... parameters) throws SQLException {
        try (Connection connection = TestDatabase.connect(); PreparedStatement statement = prepare(connection, sql, parameters);
             ResultSet rows = statement.executeQuery()) {
            assertThat(rows.next()).as(sql).isTrue();
            return rows.getObject(1);
        }
    }

    private static PreparedStatement prepare(Connection connection, String sql, Object... parameters) throws SQLException {
        PreparedStatement statement = connection.prepareStatement(sql);
        for (int i = 0; i < parameters.length; i++) {
            if (parameters[i] == null) {
                statement.setNull(i + 1, java.sql.Types.TIMESTAMP_WITH_TIMEZONE);
            } else {
                statement.setObject(i + 1, parameters[i]);
            }
        }
        return statement;
    }
}
