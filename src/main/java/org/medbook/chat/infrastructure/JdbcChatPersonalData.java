package org.medbook.chat.infrastructure;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.medbook.shared.crypto.FieldCipher;
import org.medbook.shared.privacy.PersonalData;
import org.medbook.shared.privacy.PersonalDataPart;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The user's conversations with every message and attachment (the files themselves beside the JSON).
 * Erasing a patient closes their conversations and empties them: every message body (both sides: the
 * conversation is about the patient) and every attachment's name and content; the rows stay as empty
 * shells so the doctor's conversation list and counters stay consistent.
 */
@Component
class JdbcChatPersonalData implements PersonalData {

    private final JdbcClient jdbc;
    private final FieldCipher cipher;

    JdbcChatPersonalData(JdbcClient jdbc, FieldCipher cipher) {
        this.jdbc = jdbc;
        this.cipher = cipher;
    }

    record ConversationRecord(UUID id, UUID patientId, UUID doctorId, String status, Instant createdAt,
                              Instant closedAt, List<MessageRecord> messages, List<AttachmentRecord> attachments) {
    }

    record MessageRecord(UUID id, long seq, UUID senderId, String body, Instant sentAt) {
    }

    /** @param file the attachment's path inside the export, or null when it has no content any more */
    record AttachmentRecord(UUID id, UUID messageId, UUID uploaderId, String name, String contentType, long size,
                            Instant createdAt, String file) {
    }

    @Override
    public String part() {
        return "conversations";
    }

    @Override
    public PersonalDataPart export(UUID userId) {
        List<PersonalDataPart.PersonalFile> files = new ArrayList<>();
        List<ConversationRecord> conversations = jdbc.sql("""
                SELECT * FROM conversations WHERE patient_id = :user OR doctor_id = :user ORDER BY created_at, id
                """).param("user", userId).query((rs, row) -> conversation(rs, files)).list();
        return new PersonalDataPart(conversations, files);
    }

    private ConversationRecord conversation(ResultSet rs, List<PersonalDataPart.PersonalFile> files) throws SQLException {
        UUID id = rs.getObject("id", UUID.class);
        List<MessageRecord> messages = jdbc.sql("SELECT * FROM chat_messages WHERE conversation_id = :id ORDER BY seq")
                .param("id", id).query((m, row) -> {
                    UUID messageId = m.getObject("id", UUID.class);
                    return new MessageRecord(messageId, m.getLong("seq"), m.getObject("sender_id", UUID.class),
                            cipher.decrypt(m.getBytes("body_enc"), JdbcConversations.bodyContext(messageId)),
                            instant(m, "sent_at"));
                }).list();
        List<AttachmentRecord> attachments = jdbc.sql("""
                SELECT a.*, c.content_enc FROM chat_attachments a
                LEFT JOIN chat_attachment_contents c ON c.attachment_id = a.id
                WHERE a.conversation_id = :id ORDER BY a.created_at, a.id
                """).param("id", id).query((a, row) -> attachment(a, files)).list();
        return new ConversationRecord(id, rs.getObject("patient_id", UUID.class), rs.getObject("doctor_id", UUID.class),
                rs.getString("status"), instant(rs, "created_at"), instant(rs, "closed_at"), messages, attachments);
    }

    private AttachmentRecord attachment(ResultSet a, List<PersonalDataPart.PersonalFile> files) throws SQLException {
        UUID id = a.getObject("id", UUID.class);
        String name = cipher.decrypt(a.getBytes("name_enc"), JdbcAttachments.nameContext(id));
        byte[] sealed = a.getBytes("content_enc");
        String file = null;
        if (sealed != null) {
            file = id + "-" + name;
            files.add(new PersonalDataPart.PersonalFile(file, a.getString("content_type"),
                    cipher.decryptBytes(sealed, JdbcAttachments.contentContext(id))));
        }
        return new AttachmentRecord(id, a.getObject("message_id", UUID.class), a.getObject("uploader_id", UUID.class),
                name, a.getString("content_type"), a.getLong("size"), instant(a, "created_at"), file);
    }

    @Override
    public void erase(UUID userId, Instant now) {
        jdbc.sql("""
                SELECT m.id FROM chat_messages m JOIN conversations c ON c.id = m.conversation_id
                WHERE c.patient_id = :user
                """).param("user", userId).query(UUID.class).list().forEach(messageId -> jdbc
                .sql("UPDATE chat_messages SET body_enc = :body WHERE id = :id").param("id", messageId)
                .param("body", cipher.encrypt("", JdbcConversations.bodyContext(messageId))).update());
        List<UUID> attachments = jdbc.sql("""
                SELECT a.id FROM chat_attachments a JOIN conversations c ON c.id = a.conversation_id
                WHERE c.patient_id = :user
                """).param("user", userId).query(UUID.class).list();
        for (UUID attachmentId : attachments) {
            jdbc.sql("DELETE FROM chat_attachment_contents WHERE attachment_id = :id").param("id", attachmentId).update();
            jdbc.sql("UPDATE chat_attachments SET name_enc = :name WHERE id = :id").param("id", attachmentId)
                    .param("name", cipher.encrypt("removed", JdbcAttachments.nameContext(attachmentId))).update();
        }
        jdbc.sql("""
                UPDATE conversations SET status = 'CLOSED', closed_at = coalesce(closed_at, :now)
                WHERE patient_id = :user
                """).param("user", userId).param("now", now.atOffset(ZoneOffset.UTC)).update();
        // a digest still due would tell the doctor later, by name, of messages that are gone
        jdbc.sql("DELETE FROM chat_digests WHERE conversation_id IN (SELECT id FROM conversations WHERE patient_id = :user)")
                .param("user", userId).update();
        eraseDoctorSide(userId, now);
    }

    /**
     * A doctor's conversations are closed and their pending digests dropped (a digest would name the doctor
     * to the patient later); the messages stay, because they are the patients' record of their care and are
     * in the patients' own exports.
     */
    private void eraseDoctorSide(UUID doctorId, Instant now) {
        jdbc.sql("""
                UPDATE conversations SET status = 'CLOSED', closed_at = coalesce(closed_at, :now)
                WHERE doctor_id = :user
                """).param("user", doctorId).param("now", now.atOffset(ZoneOffset.UTC)).update();
        jdbc.sql("DELETE FROM chat_digests WHERE conversation_id IN (SELECT id FROM conversations WHERE doctor_id = :user)")
                .param("user", doctorId).update();
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }
}
