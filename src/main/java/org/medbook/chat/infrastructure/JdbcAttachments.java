package org.medbook.chat.infrastructure;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.medbook.chat.application.Attachments;
import org.medbook.shared.crypto.FieldCipher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Attachments in PostgreSQL: metadata in one table, the encrypted content in another. */
@Repository
class JdbcAttachments implements Attachments {

    private final JdbcClient jdbc;
    private final FieldCipher cipher;

    JdbcAttachments(JdbcClient jdbc, FieldCipher cipher) {
        this.jdbc = jdbc;
        this.cipher = cipher;
    }

    static String nameContext(UUID id) {
        return "chat_attachments.name:" + id;
    }

    static String contentContext(UUID id) {
        return "chat_attachment_contents.content:" + id;
    }

    @Override
    public void add(StoredAttachment a, byte[] content, Instant now) {
        jdbc.sql("""
                INSERT INTO chat_attachments (id, conversation_id, uploader_id, name_enc, content_type, size, created_at)
                VALUES (:id, :conversation, :uploader, :name, :type, :size, :now)
                """).param("id", a.id()).param("conversation", a.conversationId()).param("uploader", a.uploaderId())
                .param("name", cipher.encrypt(a.name(), nameContext(a.id()))).param("type", a.contentType())
                .param("size", a.size()).param("now", JdbcConversations.utc(now)).update();
        jdbc.sql("INSERT INTO chat_attachment_contents (attachment_id, content_enc) VALUES (:id, :content)")
                .param("id", a.id()).param("content", cipher.encryptBytes(content, contentContext(a.id()))).update();
    }

    @Override
    public Optional<StoredAttachment> find(UUID id) {
        return jdbc.sql("""
                SELECT id, conversation_id, uploader_id, name_enc, content_type, size, message_id
                FROM chat_attachments WHERE id = :id
                """).param("id", id).query((rs, n) -> new StoredAttachment(id, rs.getObject("conversation_id", UUID.class),
                rs.getObject("uploader_id", UUID.class), cipher.decrypt(rs.getBytes("name_enc"), nameContext(id)),
                rs.getString("content_type"), rs.getLong("size"), rs.getObject("message_id", UUID.class))).optional();
    }

    @Override
    public byte[] content(UUID id) {
        byte[] sealed = jdbc.sql("SELECT content_enc FROM chat_attachment_contents WHERE attachment_id = :id")
                .param("id", id).query(byte[].class).single();
        return cipher.decryptBytes(sealed, contentContext(id));
    }

    @Override
    public boolean bind(List<UUID> ids, UUID conversationId, UUID senderId, UUID messageId) {
        int bound = jdbc.sql("""
                UPDATE chat_attachments SET message_id = :message
                WHERE id IN (:ids) AND conversation_id = :conversation AND uploader_id = :sender AND message_id IS NULL
                """).param("message", messageId).param("ids", ids).param("conversation", conversationId)
                .param("sender", senderId).update();
        return bound == ids.size();
    }

    @Override
    public int purgeUnsent(Instant before, int batch) {
        // the content goes in the same statement; foreign keys are checked at its end
        return jdbc.sql("""
                WITH doomed AS (
                    SELECT id FROM chat_attachments WHERE message_id IS NULL AND created_at < :before
                    LIMIT :batch FOR UPDATE SKIP LOCKED
                ), contents AS (
                    DELETE FROM chat_attachment_contents WHERE attachment_id IN (SELECT id FROM doomed)
                )
                DELETE FROM chat_attachments WHERE id IN (SELECT id FROM doomed)
                """).param("before", JdbcConversations.utc(before)).param("batch", batch).update();
    }
}
