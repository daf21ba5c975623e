package org.medbook.chat.infrastructure;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.medbook.chat.domain.ChatMessage;
import org.medbook.chat.domain.ChatMessages;
import org.medbook.chat.domain.Conversation;
import org.medbook.chat.domain.ConversationStatus;
import org.medbook.chat.domain.Conversations;
import org.medbook.shared.crypto.FieldCipher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

@Repository
class JdbcConversations implements Conversations, ChatMessages {

    private static final String COLUMNS = """
            id, patient_id, doctor_id, status, last_seq, patient_read_seq, doctor_read_seq,
            patient_delivered_seq, doctor_delivered_seq
            """;

    private final JdbcClient jdbc;
    private final FieldCipher cipher;

    JdbcConversations(JdbcClient jdbc, FieldCipher cipher) {
        this.jdbc = jdbc;
        this.cipher = cipher;
    }

    static OffsetDateTime utc(Instant instant) {
        return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
    }

    static String bodyContext(UUID messageId) {
        return "chat_messages.body:" + messageId;
    }

    @Override
    public Optional<Conversation> find(UUID id) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM conversations WHERE id = :id").param("id", id)
                .query(JdbcConversations::conversation).optional();
    }

    @Override
    public Optional<Conversation> lock(UUID id) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM conversations WHERE id = :id FOR UPDATE").param("id", id)
                .query(JdbcConversations::conversation).optional();
    }

    @Override
    public Optional<Locked> lockForMessage(UUID id, UUID senderId, String clientMessageId) {
        return jdbc.sql("""
                SELECT c.id, c.patient_id, c.doctor_id, c.status, c.last_seq, c.patient_read_seq, c.doctor_read_seq,
                       c.patient_delivered_seq, c.doctor_delivered_seq,
                       m.id AS m_id, m.conversation_id AS m_conversation_id, m.seq AS m_seq, m.sender_id AS m_sender_id,
                       m.client_message_id AS m_client_message_id, m.body_enc AS m_body_enc, m.sent_at AS m_sent_at,
                       ARRAY(SELECT a.id FROM chat_attachments a WHERE a.message_id = m.id
                             ORDER BY a.created_at, a.id) AS m_attachment_ids
                FROM conversations c
                LEFT JOIN chat_messages m ON m.sender_id = :sender AND m.client_message_id = :client
                WHERE c.id = :id
                FOR UPDATE OF c
                """).param("id", id).param("sender", senderId).param("client", clientMessageId)
                .query((rs, n) -> new Locked(conversation(rs, n),
                        rs.getObject("m_id") == null ? Optional.empty() : Optional.of(message(rs, "m_"))))
                .optional();
    }

    @Override
    public Optional<Conversation> findPair(UUID patientId, UUID doctorId) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM conversations WHERE patient_id = :patient AND doctor_id = :doctor")
                .param("patient", patientId).param("doctor", doctorId)
                .query(JdbcConversations::conversation).optional();
    }

    @Override
    public boolean addIfAbsent(Conversation c, Instant now) {
        // the conversation and its live-delivery cursor, in one statement
        return jdbc.sql("""
                WITH added AS (
                    INSERT INTO conversations (id, patient_id, doctor_id, status, activity_at, created_at)
                    VALUES (:id, :patient, :doctor, :status, :now, :now)
                    ON CONFLICT (patient_id, doctor_id) DO NOTHING
                    RETURNING id)
                INSERT INTO chat_push_cursors (conversation_id) SELECT id FROM added
                """).param("id", c.id()).param("patient", c.patientId()).param("doctor", c.doctorId())
                .param("status", c.status().name()).param("now", utc(now)).update() == 1;
    }

    @Override
    public void updateStatus(Conversation c, Instant now) {
        jdbc.sql("""
                UPDATE conversations SET status = :status,
                       closed_at = CASE WHEN :status = 'CLOSED' THEN COALESCE(closed_at, :now) END
                WHERE id = :id
                """).param("status", c.status().name()).param("now", utc(now)).param("id", c.id()).update();
    }

    @Override
    public boolean append(Conversation c, ChatMessage m) {
        // one round trip; a resend that raced its original conflicts on the client id and moves nothing
        return jdbc.sql("""
                WITH stored AS (
                    INSERT INTO chat_messages (id, conversation_id, seq, sender_id, client_message_id, body_enc, sent_at)
                    VALUES (:id, :conversation, :seq, :sender, :client, :body, :at)
                    ON CONFLICT (sender_id, client_message_id) DO NOTHING
                    RETURNING conversation_id)
                UPDATE conversations SET last_seq = :seq, activity_at = GREATEST(activity_at, :at),
                       patient_unread = patient_unread + CASE WHEN :sender = doctor_id THEN 1 ELSE 0 END,
                       doctor_unread = doctor_unread + CASE WHEN :sender = patient_id THEN 1 ELSE 0 END
                WHERE id = (SELECT conversation_id FROM stored)
                """).param("id", m.id()).param("conversation", m.conversationId()).param("seq", m.seq())
                .param("sender", m.senderId()).param("client", m.clientMessageId())
                .param("body", cipher.encrypt(m.body(), bodyContext(m.id()))).param("at", utc(m.sentAt()))
                .update() == 1;
    }

    @Override
    public void updateMarks(Conversation c, UUID readerId) {
        boolean patient = c.patientId().equals(readerId);
        String side = patient ? "patient" : "doctor";
        long read = patient ? c.patientReadSeq() : c.doctorReadSeq();
        long delivered = patient ? c.patientDeliveredSeq() : c.doctorDeliveredSeq();
        jdbc.sql("UPDATE conversations SET " + side + "_read_seq = :read, " + side + "_delivered_seq = :delivered, "
                        + side + "_unread = (SELECT count(*) FROM chat_messages m WHERE m.conversation_id = :id "
                        + "AND m.seq > :read AND m.sender_id <> :reader) WHERE id = :id")
                .param("read", read).param("delivered", delivered).param("id", c.id()).param("reader", readerId)
                .update();
    }

    @Override
    public Optional<ChatMessage> findByClientId(UUID senderId, String clientMessageId) {
        return jdbc.sql("""
                SELECT id, conversation_id, seq, sender_id, client_message_id, body_enc, sent_at,
                       ARRAY(SELECT a.id FROM chat_attachments a WHERE a.message_id = m.id ORDER BY a.created_at, a.id) AS attachment_ids
                FROM chat_messages m WHERE sender_id = :sender AND client_message_id = :client
                """).param("sender", senderId).param("client", clientMessageId)
                .query((rs, n) -> message(rs, "")).optional();
    }

    /** The message in the row's columns whose names start with {@code prefix}. */
    private ChatMessage message(ResultSet rs, String prefix) throws SQLException {
        UUID id = rs.getObject(prefix + "id", UUID.class);
        UUID[] attachments = (UUID[]) rs.getArray(prefix + "attachment_ids").getArray();
        return new ChatMessage(id, rs.getObject(prefix + "conversation_id", UUID.class), rs.getLong(prefix + "seq"),
                rs.getObject(prefix + "sender_id", UUID.class), rs.getString(prefix + "client_message_id"),
                cipher.decrypt(rs.getBytes(prefix + "body_enc"), bodyContext(id)), List.of(attachments),
                rs.getObject(prefix + "sent_at", OffsetDateTime.class).toInstant());
    }

    private static Conversation conversation(ResultSet rs, int row) throws SQLException {
        return new Conversation(rs.getObject("id", UUID.class), rs.getObject("patient_id", UUID.class),
                rs.getObject("doctor_id", UUID.class), ConversationStatus.valueOf(rs.getString("status")),
                rs.getLong("last_seq"), rs.getLong("patient_read_seq"), rs.getLong("doctor_read_seq"),
                rs.getLong("patient_delivered_seq"), rs.getLong("doctor_delivered_seq"));
    }
}
