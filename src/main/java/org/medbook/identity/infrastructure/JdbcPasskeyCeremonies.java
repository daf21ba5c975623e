package org.medbook.identity.infrastructure;

import java.time.Instant;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;

import org.medbook.identity.UserId;
import org.medbook.identity.domain.PasskeyCeremonies;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * One live ceremony per user and purpose; taking it is a single {@code DELETE ... RETURNING}, so two
 * nodes answering the same challenge cannot both get its options.
 */
@Repository
class JdbcPasskeyCeremonies implements PasskeyCeremonies {

    private final JdbcClient jdbc;

    JdbcPasskeyCeremonies(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public void start(UUID id, UserId userId, Purpose purpose, byte[] challenge, String optionsJson, Instant expiresAt) {
        jdbc.sql("DELETE FROM passkey_ceremonies WHERE user_id = :user AND purpose = :purpose")
                .param("user", userId.value()).param("purpose", name(purpose)).update();
        jdbc.sql("""
                INSERT INTO passkey_ceremonies (id, user_id, purpose, challenge, options, expires_at)
                VALUES (:id, :user, :purpose, :challenge, :options::jsonb, :expiresAt)
                """)
                .param("id", id).param("user", userId.value()).param("purpose", name(purpose))
                .param("challenge", challenge).param("options", optionsJson)
                .param("expiresAt", JdbcUsers.utc(expiresAt))
                .update();
    }

    @Override
    public Optional<String> take(UUID id, UserId userId, Purpose purpose, Instant now) {
        return jdbc.sql("""
                DELETE FROM passkey_ceremonies WHERE id = :id AND user_id = :user AND purpose = :purpose
                RETURNING options::text AS options, expires_at > :now AS live
                """)
                .param("id", id).param("user", userId.value()).param("purpose", name(purpose))
                .param("now", JdbcUsers.utc(now))
                .query((rs, row) -> new Taken(rs.getString("options"), rs.getBoolean("live")))
                .optional().filter(Taken::live).map(Taken::options);
    }

    private record Taken(String options, boolean live) {
    }

    @Override
    public void endAllOf(UserId userId) {
        jdbc.sql("DELETE FROM passkey_ceremonies WHERE user_id = :user").param("user", userId.value()).update();
    }

    private static String name(Purpose purpose) {
        return purpose.name().toLowerCase(Locale.ROOT);
    }
}
