package org.medbook.identity.infrastructure;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import org.medbook.identity.UserId;
import org.medbook.identity.domain.RefreshTokens;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** 256-bit random refresh tokens; only their SHA-256 is stored. */
@Repository
class JdbcRefreshTokens implements RefreshTokens {

    private static final SecureRandom RANDOM = new SecureRandom();

    private final JdbcClient jdbc;

    JdbcRefreshTokens(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public String issue(UUID familyId, UserId userId, Instant now, Instant expiresAt) {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        String token = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        jdbc.sql("""
                INSERT INTO refresh_tokens (token_hash, family_id, user_id, issued_at, expires_at)
                VALUES (:hash, :family, :user, :now, :expiresAt)
                """)
                .param("hash", sha256(token))
                .param("family", familyId)
                .param("user", userId.value())
                .param("now", JdbcUsers.utc(now))
                .param("expiresAt", JdbcUsers.utc(expiresAt))
                .update();
        return token;
    }

    @Override
    public Optional<StoredRefreshToken> lock(String token) {
        return jdbc.sql("""
                SELECT family_id, user_id, expires_at, rotated_at, revoked_at FROM refresh_tokens
                WHERE token_hash = :hash FOR UPDATE
                """)
                .param("hash", sha256(token))
                .query((rs, row) -> new StoredRefreshToken(rs.getObject("family_id", UUID.class),
                        new UserId(rs.getObject("user_id", UUID.class)), JdbcUsers.instant(rs, "expires_at"),
                        JdbcUsers.instant(rs, "rotated_at"), JdbcUsers.instant(rs, "revoked_at")))
                .optional();
    }

    @Override
    public void markRotated(String token, Instant now) {
        jdbc.sql("UPDATE refresh_tokens SET rotated_at = :now WHERE token_hash = :hash")
                .param("now", JdbcUsers.utc(now)).param("hash", sha256(token)).update();
    }

    @Override
    public void revokeFamily(UUID familyId, Instant now) {
        jdbc.sql("UPDATE refresh_tokens SET revoked_at = :now WHERE family_id = :family AND revoked_at IS NULL")
                .param("now", JdbcUsers.utc(now)).param("family", familyId).update();
    }

    @Override
    public SessionTimes timesOf(UUID familyId) {
        return jdbc.sql("""
                SELECT family_id, min(issued_at) AS started_at, max(issued_at) AS last_at FROM refresh_tokens
                WHERE family_id = :family GROUP BY family_id
                """)
                .param("family", familyId)
                .query(JdbcRefreshTokens::times).single();
    }

    @Override
    public List<SessionTimes> liveSessionsOf(UserId userId, Instant now) {
        return jdbc.sql("""
                SELECT family_id, min(issued_at) AS started_at, max(issued_at) AS last_at FROM refresh_tokens
                WHERE user_id = :user GROUP BY family_id
                HAVING bool_or(revoked_at IS NULL AND rotated_at IS NULL AND expires_at > :now)
                ORDER BY last_at DESC
                """)
                .param("user", userId.value()).param("now", JdbcUsers.utc(now))
                .query(JdbcRefreshTokens::times).list();
    }

    @Override
    public boolean belongsTo(UUID familyId, UserId userId) {
        return jdbc.sql("SELECT EXISTS (SELECT 1 FROM refresh_tokens WHERE family_id = :family AND user_id = :user)")
                .param("family", familyId).param("user", userId.value()).query(Boolean.class).single();
    }

    private static SessionTimes times(java.sql.ResultSet rs, int row) throws java.sql.SQLException {
        return new SessionTimes(rs.getObject("family_id", UUID.class), JdbcUsers.instant(rs, "started_at"),
                JdbcUsers.instant(rs, "last_at"));
    }

    @Override
    public Set<UUID> revokeAllOf(UserId userId, Instant now, Instant issuedSince) {
        return new HashSet<>(jdbc.sql("""
                WITH ended AS (
                    UPDATE refresh_tokens SET revoked_at = :now
                    WHERE user_id = :user AND revoked_at IS NULL
                    RETURNING family_id, issued_at)
                SELECT DISTINCT family_id FROM ended WHERE issued_at >= :since
                """)
                .param("now", JdbcUsers.utc(now)).param("user", userId.value()).param("since", JdbcUsers.utc(issuedSince))
                .query(UUID.class).list());
    }

    static byte[] sha256(String token) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
