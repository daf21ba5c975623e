package org.medbook.identity.infrastructure;

import java.time.Instant;
import java.util.Optional;

import org.medbook.identity.domain.LoginFailures;
import org.medbook.shared.crypto.LookupHasher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

@Repository
class JdbcLoginFailures implements LoginFailures {

    private final JdbcClient jdbc;
    private final LookupHasher hasher;

    JdbcLoginFailures(JdbcClient jdbc, LookupHasher hasher) {
        this.jdbc = jdbc;
        this.hasher = hasher;
    }

    @Override
    public Optional<Instant> lockedUntil(String email, Instant now) {
        return jdbc.sql("SELECT locked_until FROM login_failures WHERE email_hash = :hash AND locked_until > :now")
                .param("hash", key(email)).param("now", JdbcUsers.utc(now))
                .query((rs, row) -> JdbcUsers.instant(rs, "locked_until")).optional();
    }

    @Override
    public int recordFailure(String email, Instant now) {
        return jdbc.sql("""
                INSERT INTO login_failures (email_hash, failures, last_failure_at) VALUES (:hash, 1, :now)
                ON CONFLICT (email_hash) DO UPDATE
                    SET failures = login_failures.failures + 1, last_failure_at = EXCLUDED.last_failure_at
                RETURNING failures
                """)
                .param("hash", key(email)).param("now", JdbcUsers.utc(now)).query(Integer.class).single();
    }

    @Override
    public void lock(String email, Instant until) {
        jdbc.sql("UPDATE login_failures SET locked_until = :until WHERE email_hash = :hash")
                .param("until", JdbcUsers.utc(until)).param("hash", key(email)).update();
    }

    @Override
    public void clear(String email) {
        jdbc.sql("DELETE FROM login_failures WHERE email_hash = :hash").param("hash", key(email)).update();
    }

    private byte[] key(String email) {
        return hasher.hash("login.email", email);
    }
}
