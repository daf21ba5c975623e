package org.medbook.identity.infrastructure;

import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import org.medbook.identity.UserId;
import org.medbook.identity.domain.SecondFactors;
import org.medbook.shared.crypto.FieldCipher;
import org.medbook.shared.crypto.LookupHasher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The authenticator secret is sealed with the same authenticated encryption as health data, bound to
 * its user; recovery codes are kept as a keyed hash, so a copy of the database reveals neither.
 */
@Repository
class JdbcSecondFactors implements SecondFactors {

    private static final String RECOVERY_PURPOSE = "staff-recovery-code";

    private final JdbcClient jdbc;
    private final FieldCipher cipher;
    private final LookupHasher hasher;

    JdbcSecondFactors(JdbcClient jdbc, FieldCipher cipher, LookupHasher hasher) {
        this.jdbc = jdbc;
        this.cipher = cipher;
        this.hasher = hasher;
    }

    @Override
    public void startTotp(UserId userId, byte[] secret, Instant now) {
        jdbc.sql("""
                INSERT INTO staff_totp (user_id, secret, created_at) VALUES (:user, :secret, :now)
                ON CONFLICT (user_id) DO UPDATE SET secret = EXCLUDED.secret, created_at = EXCLUDED.created_at
                WHERE staff_totp.confirmed_at IS NULL
                """)
                .param("user", userId.value())
                .param("secret", cipher.encryptBytes(secret, context(userId)))
                .param("now", JdbcUsers.utc(now))
                .update();
    }

    @Override
    public Optional<TotpFactor> lockTotp(UserId userId) {
        return jdbc.sql("SELECT secret, confirmed_at, last_used_step FROM staff_totp WHERE user_id = :user FOR UPDATE")
                .param("user", userId.value())
                .query((rs, row) -> new TotpFactor(userId, cipher.decryptBytes(rs.getBytes("secret"), context(userId)),
                        JdbcUsers.instant(rs, "confirmed_at"), rs.getObject("last_used_step", Long.class)))
                .optional();
    }

    @Override
    public boolean hasConfirmedTotp(UserId userId) {
        return jdbc.sql("SELECT EXISTS (SELECT 1 FROM staff_totp WHERE user_id = :user AND confirmed_at IS NOT NULL)")
                .param("user", userId.value()).query(Boolean.class).single();
    }

    @Override
    public boolean hasTotp(UserId userId) {
        return jdbc.sql("SELECT EXISTS (SELECT 1 FROM staff_totp WHERE user_id = :user)")
                .param("user", userId.value()).query(Boolean.class).single();
    }

    @Override
    public void acceptStep(UserId userId, long step, Instant now) {
        jdbc.sql("""
                UPDATE staff_totp SET last_used_step = :step, confirmed_at = coalesce(confirmed_at, :now)
                WHERE user_id = :user
                """)
                .param("step", step).param("now", JdbcUsers.utc(now)).param("user", userId.value()).update();
    }

    @Override
    public void replaceRecoveryCodes(UserId userId, List<String> codes, Instant now) {
        jdbc.sql("DELETE FROM staff_recovery_codes WHERE user_id = :user").param("user", userId.value()).update();
        for (String code : codes) {
            jdbc.sql("INSERT INTO staff_recovery_codes (user_id, code_hash, issued_at) VALUES (:user, :hash, :now)")
                    .param("user", userId.value()).param("hash", hash(userId, code)).param("now", JdbcUsers.utc(now))
                    .update();
        }
    }

    @Override
    public boolean useRecoveryCode(UserId userId, String code, Instant now) {
        return jdbc.sql("""
                UPDATE staff_recovery_codes SET used_at = :now
                WHERE user_id = :user AND code_hash = :hash AND used_at IS NULL
                """)
                .param("now", JdbcUsers.utc(now)).param("user", userId.value()).param("hash", hash(userId, code))
                .update() == 1;
    }

    @Override
    public int recoveryCodesLeft(UserId userId) {
        return jdbc.sql("SELECT count(*) FROM staff_recovery_codes WHERE user_id = :user AND used_at IS NULL")
                .param("user", userId.value()).query(Integer.class).single();
    }

    @Override
    public void lockFactorsOf(UserId userId) {
        // a transaction-scoped advisory lock: the factors live in two tables and may have no row to lock yet
        jdbc.sql("SELECT pg_advisory_xact_lock(hashtextextended('medbook:second-factors:' || :user, 0))")
                .param("user", userId.value().toString()).query((rs, row) -> Boolean.TRUE).single();
    }

    @Override
    public Optional<Boolean> removeTotp(UserId userId) {
        return jdbc.sql("DELETE FROM staff_totp WHERE user_id = :user RETURNING confirmed_at IS NOT NULL AS confirmed")
                .param("user", userId.value()).query((rs, row) -> rs.getBoolean("confirmed")).optional();
    }

    @Override
    public int removeRecoveryCodes(UserId userId) {
        int unused = jdbc.sql("DELETE FROM staff_recovery_codes WHERE user_id = :user AND used_at IS NULL")
                .param("user", userId.value()).update();
        jdbc.sql("DELETE FROM staff_recovery_codes WHERE user_id = :user").param("user", userId.value()).update();
        return unused;
    }

    @Override
    public Removed removeAll(UserId userId) {
        boolean totp = removeTotp(userId).orElse(false);
        return new Removed(totp, removeRecoveryCodes(userId));
    }

    private static String context(UserId userId) {
        return "staff_totp.secret:" + userId.value();
    }

    /** Codes are typed by hand: case and the grouping dash do not matter. */
    private byte[] hash(UserId userId, String code) {
        String normalised = code.replace("-", "").replace(" ", "").toUpperCase(Locale.ROOT);
        return hasher.hash(RECOVERY_PURPOSE, userId.value() + ":" + normalised);
    }
}
