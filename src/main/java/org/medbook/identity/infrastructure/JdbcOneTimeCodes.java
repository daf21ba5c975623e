package org.medbook.identity.infrastructure;

import java.time.Instant;
import java.util.Optional;

import org.medbook.identity.domain.Destination;
import org.medbook.identity.domain.OneTimeCodes;
import org.medbook.identity.domain.StoredCode;
import org.medbook.shared.crypto.LookupHasher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * One live code per destination. Neither the destination nor the code is stored in the clear: both
 * are keyed hashes, and the code's hash is bound to its destination.
 */
@Repository
class JdbcOneTimeCodes implements OneTimeCodes {

    private final JdbcClient jdbc;
    private final LookupHasher hasher;

    JdbcOneTimeCodes(JdbcClient jdbc, LookupHasher hasher) {
        this.jdbc = jdbc;
        this.hasher = hasher;
    }

    @Override
    public void replace(Destination destination, String code, Instant expiresAt, Instant now) {
        jdbc.sql("""
                INSERT INTO one_time_codes (destination_hash, channel, code_hash, expires_at, failed_attempts, created_at)
                VALUES (:destination, :channel, :code, :expiresAt, 0, :now)
                ON CONFLICT (destination_hash) DO UPDATE
                    SET channel = EXCLUDED.channel, code_hash = EXCLUDED.code_hash, expires_at = EXCLUDED.expires_at,
                        failed_attempts = 0, created_at = EXCLUDED.created_at
                """)
                .param("destination", destinationHash(destination))
                .param("channel", destination.channel().name())
                .param("code", hashOf(destination, code))
                .param("expiresAt", JdbcUsers.utc(expiresAt))
                .param("now", JdbcUsers.utc(now))
                .update();
    }

    @Override
    public Optional<StoredCode> lock(Destination destination) {
        return jdbc.sql("""
                SELECT code_hash, expires_at, failed_attempts FROM one_time_codes
                WHERE destination_hash = :destination FOR UPDATE
                """)
                .param("destination", destinationHash(destination))
                .query((rs, row) -> new StoredCode(rs.getBytes("code_hash"), JdbcUsers.instant(rs, "expires_at"),
                        rs.getInt("failed_attempts")))
                .optional();
    }

    @Override
    public byte[] hashOf(Destination destination, String code) {
        return hasher.hash("otp.code", destination.value() + "\u0000" + code);
    }

    @Override
    public void recordFailedAttempt(Destination destination) {
        jdbc.sql("UPDATE one_time_codes SET failed_attempts = failed_attempts + 1 WHERE destination_hash = :destination")
                .param("destination", destinationHash(destination)).update();
    }

    @Override
    public void remove(Destination destination) {
        jdbc.sql("DELETE FROM one_time_codes WHERE destination_hash = :destination")
                .param("destination", destinationHash(destination)).update();
    }

    private byte[] destinationHash(Destination destination) {
        return hasher.hash("otp.destination", destination.value());
    }
}
