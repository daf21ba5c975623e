package org.medbook.identity.infrastructure;

import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;

import org.medbook.identity.domain.SignInNonces;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** 256-bit random nonces; only their SHA-256 is stored, and consuming one deletes it. */
@Repository
class JdbcSignInNonces implements SignInNonces {

    private static final SecureRandom RANDOM = new SecureRandom();

    private final JdbcClient jdbc;

    JdbcSignInNonces(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public String issue(Instant expiresAt) {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        String nonce = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        jdbc.sql("INSERT INTO google_nonces (nonce_hash, expires_at) VALUES (:hash, :expires)")
                .param("hash", JdbcRefreshTokens.sha256(nonce)).param("expires", JdbcUsers.utc(expiresAt)).update();
        return nonce;
    }

    @Override
    public boolean consume(String nonce, Instant now) {
        // a second caller with the same nonce waits for the first one's delete and then finds nothing
        return jdbc.sql("DELETE FROM google_nonces WHERE nonce_hash = :hash AND expires_at > :now")
                .param("hash", JdbcRefreshTokens.sha256(nonce)).param("now", JdbcUsers.utc(now)).update() == 1;
    }

    @Override
    public int purge(Instant now) {
        return jdbc.sql("DELETE FROM google_nonces WHERE expires_at <= :now").param("now", JdbcUsers.utc(now)).update();
    }
}
