package org.medbook.shared.idempotency;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;

import org.medbook.shared.MedbookException;
import org.medbook.shared.ProblemKind;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import tools.jackson.databind.json.JsonMapper;

/**
 * {@code Idempotency-Key} for unsafe POSTs that create bookings or move money. The key is claimed
 * (per caller) before the work runs; the first answer, success or refusal, is stored and replayed
 * for every repeat with the same body. The same key with another body is refused; a repeat that
 * arrives while the first is still running gets 409. An unexpected failure releases the key so
 * the client can retry.
 */
@Component
public class IdempotentRequests {

    static final Duration KEEP = Duration.ofHours(24);

    /** A stored answer: the HTTP status and the JSON body (or the problem's slug and detail for a refusal). */
    public record Answer(int status, String json) {
    }

    private final JdbcClient jdbc;
    private final JsonMapper json;
    private final Clock clock;

    IdempotentRequests(JdbcClient jdbc, JsonMapper json, Clock clock) {
        this.jdbc = jdbc;
        this.json = json;
        this.clock = clock;
    }

    /**
     * @param work produces the answer's body; a {@link MedbookException} is stored and replayed as the same refusal
     */
    public Answer run(UUID ownerId, String key, Object request, int successStatus, Supplier<Object> work) {
        if (key == null || key.isBlank() || key.length() > 255) {
            throw new MedbookException(ProblemKind.BAD_INPUT, "idempotency-key-required",
                    "Send an Idempotency-Key header (1 to 255 characters) so a retry cannot book or pay twice",
                    Map.of("errors", java.util.List.of(Map.of("field", "Idempotency-Key", "message", "is required"))), null);
        }
        byte[] hash = sha256(json.writeValueAsString(request));
        int claimed = jdbc.sql("""
                INSERT INTO idempotency_keys (owner_id, key, request_hash, created_at) VALUES (:owner, :key, :hash, :now)
                ON CONFLICT (owner_id, key) DO NOTHING
                """).param("owner", ownerId).param("key", key).param("hash", hash)
                .param("now", clock.instant().atOffset(ZoneOffset.UTC)).update();
        if (claimed == 0) {
            return replay(ownerId, key, hash);
        }
        try {
            Object body = work.get();
            Answer answer = new Answer(successStatus, json.writeValueAsString(body));
            store(ownerId, key, answer);
            return answer;
        } catch (MedbookException refused) {
            if (refused.kind().status() >= 500 || refused.kind() == ProblemKind.TOO_MANY_REQUESTS) {
                release(ownerId, key);
            } else {
                store(ownerId, key, new Answer(refused.kind().status(),
                        json.writeValueAsString(Map.of("slug", refused.slug(), "detail", refused.getMessage()))));
            }
            throw refused;
        } catch (RuntimeException unexpected) {
            release(ownerId, key);
            throw unexpected;
        }
    }

    private Answer replay(UUID ownerId, String key, byte[] hash) {
        record Stored(byte[] hash, Integer status, String body) { }
        Optional<Stored> stored = jdbc.sql("SELECT request_hash, response_status, response_body FROM idempotency_keys WHERE owner_id = :owner AND key = :key")
                .param("owner", ownerId).param("key", key)
                .query((rs, n) -> new Stored(rs.getBytes(1), (Integer) rs.getObject(2), rs.getString(3))).optional();
        if (stored.isEmpty()) {
            throw new MedbookException(ProblemKind.CONFLICT, "request-in-progress", "The first request with this key just failed; retry");
        }
        if (!Arrays.equals(stored.get().hash(), hash)) {
            throw new MedbookException(ProblemKind.RULE_BROKEN, "idempotency-key-reused",
                    "This Idempotency-Key was used with a different request");
        }
        if (stored.get().status() == null) {
            throw new MedbookException(ProblemKind.CONFLICT, "request-in-progress",
                    "The first request with this Idempotency-Key is still being processed");
        }
        if (stored.get().status() >= 400) {
            Map<?, ?> problem = json.readValue(stored.get().body(), Map.class);
            ProblemKind kind = Arrays.stream(ProblemKind.values()).filter(k -> k.status() == stored.get().status())
                    .findFirst().orElse(ProblemKind.CONFLICT);
            throw new MedbookException(kind, String.valueOf(problem.get("slug")), String.valueOf(problem.get("detail")));
        }
        return new Answer(stored.get().status(), stored.get().body());
    }

    private void store(UUID ownerId, String key, Answer answer) {
        jdbc.sql("UPDATE idempotency_keys SET response_status = :status, response_body = :body WHERE owner_id = :owner AND key = :key")
                .param("status", answer.status()).param("body", answer.json()).param("owner", ownerId).param("key", key)
                .update();
    }

    private void release(UUID ownerId, String key) {
        jdbc.sql("DELETE FROM idempotency_keys WHERE owner_id = :owner AND key = :key")
                .param("owner", ownerId).param("key", key).update();
    }

    @Scheduled(fixedDelayString = "PT1H", initialDelayString = "PT10M")
    void forgetOldKeys() {
        jdbc.sql("DELETE FROM idempotency_keys WHERE created_at < :before")
                .param("before", clock.instant().minus(KEEP).atOffset(ZoneOffset.UTC)).update();
    }

    private static byte[] sha256(String value) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
