package org.medbook.shared.idempotency;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.Supplier;

import org.medbook.shared.MedbookException;
import org.medbook.shared.ProblemKind;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

import tools.jackson.databind.json.JsonMapper;

/**
 * {@code Idempotency-Key} for unsafe POSTs that create bookings or move money: per caller and key,
 * the first answer (success or refusal) is kept for 24 hours ({@code medbook.retention.ages.idempotency-keys};
 * {@link IdempotencyKeysRetention} purges older keys) and replayed for every repeat with the same body;
 * the same key with another body is refused (422).
 *
 * <p>The key is claimed in the same transaction as the work's writes, so a crash, a killed process
 * or a lost database connection before the commit leaves nothing behind (the key can be retried at
 * once), and after the commit the key always leads to what was written. A concurrent repeat waits
 * for that transaction and then replays its answer. Work that must call a provider without holding
 * a transaction open runs in two steps: {@code begin} writes and names what it wrote in the claim's
 * transaction; {@code complete} runs after the commit under a short lease that is renewed while it
 * runs. If the node dies during {@code complete}, the lease lapses within seconds and a repeat of
 * the request completes the same work (which must therefore be safe to run again) instead of
 * answering "in progress" for a day.
 */
@Component
public class IdempotentRequests {

    private static final Logger log = LoggerFactory.getLogger(IdempotentRequests.class);

    /**
     * A stored answer: the HTTP status, the JSON body (or the problem's slug and detail for a refusal)
     * and, for work that created something, the reference it named (e.g. the new resource's id).
     */
    public record Answer(int status, String json, String reference) {
    }

    private sealed interface Begun {
        record Answered(Object body, String reference) implements Begun { }
        record Pending(String reference) implements Begun { }
    }

    private sealed interface Claim {
        record Answered(Answer answer) implements Claim { }
        record Pending(String reference) implements Claim { }
        record Taken() implements Claim { }
    }

    private final JdbcClient jdbc;
    private final JsonMapper json;
    private final Clock clock;
    private final IdempotencyLeases leases;
    private final TransactionTemplate transaction;

    IdempotentRequests(JdbcClient jdbc, JsonMapper json, Clock clock, IdempotencyLeases leases,
            PlatformTransactionManager transactions) {
        this.jdbc = jdbc;
        this.json = json;
        this.clock = clock;
        this.leases = leases;
        this.transaction = new TransactionTemplate(transactions);
        this.transaction.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
    }

    /**
     * Work done in one transaction: its writes, the claim of the key and the answer commit together
     * or not at all.
     *
     * @param work produces the answer's body; a {@link MedbookException} is stored and replayed as the same refusal
     */
    public Answer run(UUID ownerId, String key, Object request, int successStatus, Supplier<Object> work) {
        return execute(ownerId, key, request, successStatus, () -> new Begun.Answered(work.get(), null), null);
    }

    /**
     * Work that creates something, done in one transaction with the claim and the answer; the answer
     * (and every replay of it) carries {@code referenceOf(body)}, e.g. for a {@code Location} header.
     */
    public <T> Answer create(UUID ownerId, String key, Object request, int successStatus, Supplier<T> work,
            Function<? super T, String> referenceOf) {
        return execute(ownerId, key, request, successStatus, () -> {
            T body = work.get();
            return new Begun.Answered(body, referenceOf.apply(body));
        }, null);
    }

    /**
     * Work in two steps.
     *
     * @param begin    writes in the claim's transaction and returns a reference to what it wrote (e.g. an id)
     * @param complete runs after that commit, outside any transaction, and produces the answer's body. It may run
     *                 again for the same reference after a crash, so it must be safe to repeat. A
     *                 {@link MedbookException} it throws must leave nothing half done: a refusal is stored and
     *                 replayed; a 5xx or 429 frees the key for a fresh attempt.
     */
    public Answer run(UUID ownerId, String key, Object request, int successStatus, Supplier<String> begin,
            Function<String, Object> complete) {
        return execute(ownerId, key, request, successStatus, () -> new Begun.Pending(begin.get()), complete);
    }

    /**
     * The claim, the work and the answer share one transaction (one connection, one commit). A refusal
     * rolls all of it back, then the refusal alone is stored in a short transaction of its own, so no
     * savepoint is paid for on the way that succeeds.
     */
    private Answer execute(UUID ownerId, String key, Object request, int successStatus, Supplier<Begun> begin,
            Function<String, Object> complete) {
        if (key == null || key.isBlank() || key.length() > 255) {
            throw new MedbookException(ProblemKind.BAD_INPUT, "idempotency-key-required",
                    "Send an Idempotency-Key header (1 to 255 characters) so a retry cannot book or pay twice",
                    Map.of("errors", List.of(Map.of("field", "Idempotency-Key", "message", "is required"))), null);
        }
        byte[] hash = sha256(json.writeValueAsString(request));
        Claim claim;
        try {
            claim = transaction.execute(status -> {
                if (!claim(ownerId, key, hash)) {
                    return new Claim.Taken();
                }
                Begun begun = begin.get();
                if (begun instanceof Begun.Answered(Object body, String reference)) {
                    Answer answer = new Answer(successStatus, json.writeValueAsString(body), reference);
                    store(ownerId, key, answer);
                    return new Claim.Answered(answer);
                }
                String reference = ((Begun.Pending) begun).reference();
                jdbc.sql("UPDATE idempotency_keys SET reference = :reference WHERE owner_id = :owner AND key = :key")
                        .param("reference", reference).param("owner", ownerId).param("key", key).update();
                return new Claim.Pending(reference);
            });
        } catch (MedbookException refused) {
            if (retryable(refused) || storeRefusal(ownerId, key, hash, refused)) {
                throw refused;
            }
            // a repeat claimed the key between the rollback and the refusal: its answer is the answer
            return replay(ownerId, key, hash, successStatus, complete);
        }
        return switch (claim) {
            case Claim.Answered(Answer answer) -> answer;
            case Claim.Pending(String reference) -> complete(ownerId, key, successStatus, reference, complete);
            case Claim.Taken() -> replay(ownerId, key, hash, successStatus, complete);
        };
    }

    /** Stores a refusal under the key after the work's rollback; false when a repeat claimed the key meanwhile. */
    private boolean storeRefusal(UUID ownerId, String key, byte[] hash, MedbookException refused) {
        Answer answer = refusal(refused);
        Instant now = clock.instant();
        return jdbc.sql("""
                INSERT INTO idempotency_keys (owner_id, key, request_hash, created_at, response_status, response_body)
                VALUES (:owner, :key, :hash, :now, :status, :body)
                ON CONFLICT (owner_id, key) DO NOTHING
                """).param("owner", ownerId).param("key", key).param("hash", hash).param("now", utc(now))
                .param("status", answer.status()).param("body", answer.json()).update() == 1;
    }

    /** Inserts the claim; when another request holds the key uncommitted, PostgreSQL waits for it to end. */
    private boolean claim(UUID ownerId, String key, byte[] hash) {
        Instant now = clock.instant();
        return jdbc.sql("""
                INSERT INTO idempotency_keys (owner_id, key, request_hash, created_at, lease_until)
                VALUES (:owner, :key, :hash, :now, :lease)
                ON CONFLICT (owner_id, key) DO NOTHING
                """).param("owner", ownerId).param("key", key).param("hash", hash).param("now", utc(now))
                .param("lease", utc(now.plus(IdempotencyLeases.LEASE))).update() == 1;
    }

    private Answer complete(UUID ownerId, String key, int successStatus, String reference,
            Function<String, Object> complete) {
        try (IdempotencyLeases.Held held = leases.hold(ownerId, key)) {
            Object body = complete.apply(reference);
            Answer answer = new Answer(successStatus, json.writeValueAsString(body), reference);
            store(ownerId, key, answer);
            return answer;
        } catch (MedbookException refused) {
            if (retryable(refused)) {
                quietly(() -> release(ownerId, key));
            } else {
                quietly(() -> store(ownerId, key, refusal(refused)));
            }
            throw refused;
        } catch (RuntimeException | Error unexpected) {
            // What begin wrote stays committed: let the next repeat complete it now rather than after the lease.
            quietly(() -> leases.lapse(ownerId, key));
            throw unexpected;
        }
    }

    private Answer replay(UUID ownerId, String key, byte[] hash, int successStatus, Function<String, Object> complete) {
        record Stored(byte[] hash, Integer status, String body, String reference, OffsetDateTime leaseUntil) { }
        Optional<Stored> found = jdbc.sql("""
                SELECT request_hash, response_status, response_body, reference, lease_until
                FROM idempotency_keys WHERE owner_id = :owner AND key = :key
                """).param("owner", ownerId).param("key", key)
                .query((rs, n) -> new Stored(rs.getBytes(1), (Integer) rs.getObject(2), rs.getString(3), rs.getString(4),
                        rs.getObject(5, OffsetDateTime.class)))
                .optional();
        if (found.isEmpty()) {
            throw new MedbookException(ProblemKind.CONFLICT, "request-in-progress", "The first request with this key just failed; retry");
        }
        Stored stored = found.get();
        if (!Arrays.equals(stored.hash(), hash)) {
            throw new MedbookException(ProblemKind.RULE_BROKEN, "idempotency-key-reused",
                    "This Idempotency-Key was used with a different request");
        }
        if (stored.status() == null) {
            if (complete != null && stored.reference() != null && leases.takeOver(ownerId, key)) {
                return complete(ownerId, key, successStatus, stored.reference(), complete);
            }
            throw new MedbookException(ProblemKind.CONFLICT, "request-in-progress",
                    "The first request with this Idempotency-Key is still being processed");
        }
        if (stored.status() >= 400) {
            Map<?, ?> problem = json.readValue(stored.body(), Map.class);
            ProblemKind kind = Arrays.stream(ProblemKind.values()).filter(k -> k.status() == stored.status())
                    .findFirst().orElse(ProblemKind.CONFLICT);
            throw new MedbookException(kind, String.valueOf(problem.get("slug")), String.valueOf(problem.get("detail")));
        }
        return new Answer(stored.status(), stored.body(), stored.reference());
    }

    private static boolean retryable(MedbookException refused) {
        return refused.kind().status() >= 500 || refused.kind() == ProblemKind.TOO_MANY_REQUESTS;
    }

    private Answer refusal(MedbookException refused) {
        return new Answer(refused.kind().status(),
                json.writeValueAsString(Map.of("slug", refused.slug(), "detail", refused.getMessage())), null);
    }

    private void store(UUID ownerId, String key, Answer answer) {
        jdbc.sql("""
                UPDATE idempotency_keys SET response_status = :status, response_body = :body, lease_until = NULL,
                       reference = COALESCE(:reference, reference)
                WHERE owner_id = :owner AND key = :key
                """).param("status", answer.status()).param("body", answer.json()).param("reference", answer.reference())
                .param("owner", ownerId).param("key", key).update();
    }

    private void release(UUID ownerId, String key) {
        jdbc.sql("DELETE FROM idempotency_keys WHERE owner_id = :owner AND key = :key")
                .param("owner", ownerId).param("key", key).update();
    }

    /** Bookkeeping after a failure must not hide the failure; if it cannot be written, the lease lapses anyway. */
    private static void quietly(Runnable bookkeeping) {
        try {
            bookkeeping.run();
        } catch (RuntimeException e) {
            log.warn("Could not record the outcome of an idempotent request ({}); its lease will lapse", e.toString());
        }
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }

    private static byte[] sha256(String value) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
