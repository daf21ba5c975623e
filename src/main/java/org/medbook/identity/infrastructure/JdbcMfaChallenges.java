package org.medbook.identity.infrastructure;

import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;
import java.util.UUID;

import org.medbook.identity.UserId;
import org.medbook.identity.domain.MfaChallenges;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** 256-bit random challenge tokens; only their SHA-256 is stored, one per user at a time. */
@Repository
class JdbcMfaChallenges implements MfaChallenges {

    private static final SecureRandom RANDOM = new SecureRandom();

    private final JdbcClient jdbc;

    JdbcMfaChallenges(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public String issue(UserId userId, Instant now, Instant expiresAt) {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        String token = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        // one live challenge per user keeps the table as small as the staff
        jdbc.sql("DELETE FROM mfa_challenges WHERE user_id = :user").param("user", userId.value()).update();
        jdbc.sql("INSERT INTO mfa_challenges (token_hash, user_id, expires_at) VALUES (:hash, :user, :expiresAt)")
                .param("hash", JdbcRefreshTokens.sha256(token))
                .param("user", userId.value())
                .param("expiresAt", JdbcUsers.utc(expiresAt))
                .update();
        return token;
    }

    @Override
    public Optional<UserId> find(String token, Instant now) {
        return jdbc.sql("SELECT user_id FROM mfa_challenges WHERE token_hash = :hash AND used_at IS NULL AND expires_at > :now")
                .param("hash", JdbcRefreshTokens.sha256(token)).param("now", JdbcUsers.utc(now))
                .query(UUID.class).optional().map(UserId::new);
    }

    @Override
    public boolean use(String token, Instant now) {
        return jdbc.sql("UPDATE mfa_challenges SET used_at = :now WHERE token_hash = :hash AND used_at IS NULL")
                .param("now", JdbcUsers.utc(now)).param("hash", JdbcRefreshTokens.sha256(token)).update() == 1;
    }

    @Override
    public void endAllOf(UserId userId) {
        jdbc.sql("DELETE FROM mfa_challenges WHERE user_id = :user").param("user", userId.value()).update();
    }
}
