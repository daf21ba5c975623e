package org.medbook.identity.infrastructure;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.UUID;

import org.medbook.identity.application.ExportStore;
import org.medbook.identity.application.ExportView;
import org.medbook.shared.crypto.FieldCipher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Exports in PostgreSQL; the archive is sealed with the field cipher, bound to the export's id. */
@Repository
class JdbcExportStore implements ExportStore {

    private final JdbcClient jdbc;
    private final FieldCipher cipher;

    JdbcExportStore(JdbcClient jdbc, FieldCipher cipher) {
        this.jdbc = jdbc;
        this.cipher = cipher;
    }

    @Override
    public void addPending(UUID exportId, UUID userId, Instant requestedAt) {
        jdbc.sql("INSERT INTO personal_data_exports (id, user_id, status, requested_at) VALUES (:id, :user, 'PENDING', :at)")
                .param("id", exportId).param("user", userId).param("at", utc(requestedAt)).update();
    }

    @Override
    public Optional<Pending> lockNextPending() {
        return jdbc.sql("""
                SELECT id, user_id FROM personal_data_exports WHERE status = 'PENDING'
                ORDER BY attempts, requested_at LIMIT 1 FOR UPDATE SKIP LOCKED
                """).query((rs, row) -> new Pending(rs.getObject("id", UUID.class), rs.getObject("user_id", UUID.class)))
                .optional();
    }

    @Override
    public void ready(UUID exportId, byte[] archive, Instant readyAt, Instant expiresAt) {
        jdbc.sql("""
                UPDATE personal_data_exports SET status = 'READY', ready_at = :ready, expires_at = :expires,
                       size = :size, content_enc = :content
                WHERE id = :id
                """).param("id", exportId).param("ready", utc(readyAt)).param("expires", utc(expiresAt))
                .param("size", archive.length).param("content", cipher.encryptBytes(archive, context(exportId))).update();
    }

    @Override
    public void failed(UUID exportId, int maxAttempts) {
        jdbc.sql("""
                UPDATE personal_data_exports
                SET attempts = attempts + 1, status = CASE WHEN attempts + 1 >= :max THEN 'FAILED' ELSE status END
                WHERE id = :id AND status = 'PENDING'
                """).param("id", exportId).param("max", maxAttempts).update();
    }

    @Override
    public Optional<ExportView> find(UUID exportId, UUID userId) {
        return jdbc.sql("SELECT * FROM personal_data_exports WHERE id = :id AND user_id = :user")
                .param("id", exportId).param("user", userId).query(JdbcExportStore::view).optional();
    }

    @Override
    public Optional<byte[]> archive(UUID exportId, UUID userId, Instant now) {
        return jdbc.sql("""
                SELECT content_enc FROM personal_data_exports
                WHERE id = :id AND user_id = :user AND status = 'READY' AND expires_at > :now
                """).param("id", exportId).param("user", userId).param("now", utc(now))
                .query((rs, row) -> cipher.decryptBytes(rs.getBytes("content_enc"), context(exportId))).optional();
    }

    @Override
    public int expire(Instant now) {
        return jdbc.sql("""
                UPDATE personal_data_exports SET status = 'EXPIRED', content_enc = NULL
                WHERE status = 'READY' AND expires_at <= :now
                """).param("now", utc(now)).update();
    }

    @Override
    public void deleteOf(UUID userId) {
        jdbc.sql("DELETE FROM personal_data_exports WHERE user_id = :user").param("user", userId).update();
    }

    private static ExportView view(ResultSet rs, int row) throws SQLException {
        return new ExportView(rs.getObject("id", UUID.class), rs.getString("status"), instant(rs, "requested_at"),
                instant(rs, "ready_at"), instant(rs, "expires_at"), rs.getObject("size", Long.class));
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }

    private static String context(UUID exportId) {
        return "personal_data_exports.content:" + exportId;
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }
}
