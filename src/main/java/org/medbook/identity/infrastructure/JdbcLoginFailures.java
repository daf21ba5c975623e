package org.medbook.identity.infrastructure;

import java.time.Instant;
import java.util.Optional;

import org.medbook.identity.domain.LoginFailures;
import org.medbook.shared.crypto.LookupHasher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * One row per e-mail (keyed hash). The claim is a single upsert: PostgreSQL locks the row and
 * re-checks the condition against its latest version, so simultaneous claims are counted one by one.
 */
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
    public boolean claimCheck(String email, Instant now, int freeFailures, Instant claimExpiresAt) {
        return jdbc.sql("""
                INSERT INTO login_failures AS f (email_hash, failures, checks_in_flight, checks_expire_at)
                VALUES (:hash, 0, 1, :expires)
                ON CONFLICT (email_hash) DO UPDATE
                    SET checks_in_flight = CASE WHEN f.checks_expire_at > :now THEN f.checks_in_flight ELSE 0 END + 1,
                        checks_expire_at = EXCLUDED.checks_expire_at
                    WHERE (f.locked_until IS NULL OR f.locked_until <= :now)
                      AND CASE WHEN f.checks_expire_at > :now THEN f.checks_in_flight ELSE 0 END
                          < greatest(:free - f.failures, 1)
                RETURNING checks_in_flight
                """)
                .param("hash", key(email)).param("now", JdbcUsers.utc(now)).param("free", freeFailures)
                .param("expires", JdbcUsers.utc(claimExpiresAt))
                .query(Integer.class).optional().isPresent();
    }

    @Override
    public int recordFailure(String email, Instant now) {
        return jdbc.sql("""
                INSERT INTO login_failures AS f (email_hash, failures, last_failure_at) VALUES (:hash, 1, :now)
                ON CONFLICT (email_hash) DO UPDATE
                    SET failures = f.failures + 1, last_failure_at = EXCLUDED.last_failure_at,
                        checks_in_flight = greatest(f.checks_in_flight - 1, 0)
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
    public void recordSuccess(String email) {
        jdbc.sql("""
                UPDATE login_failures SET failures = 0, locked_until = NULL,
                    checks_in_flight = greatest(checks_in_flight - 1, 0)
                WHERE email_hash = :hash
                """).param("hash", key(email)).update();
    }

    @Override
    public void release(String email) {
        jdbc.sql("UPDATE login_failures SET checks_in_flight = greatest(checks_in_flight - 1, 0) WHERE email_hash = :hash")
                .param("hash", key(email)).update();
    }

    private byte[] key(String email) {
        return hasher.hash("login.email", email);
    }
}
