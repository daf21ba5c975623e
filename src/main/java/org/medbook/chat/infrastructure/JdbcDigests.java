package org.medbook.chat.infrastructure;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.medbook.chat.application.Digests;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

@Repository
class JdbcDigests implements Digests {

    private final JdbcClient jdbc;

    JdbcDigests(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public void missed(UUID conversationId, UUID recipientId, Instant now) {
        jdbc.sql("""
                INSERT INTO chat_digests (conversation_id, recipient_id, pending_since) VALUES (:conversation, :recipient, :now)
                ON CONFLICT (conversation_id, recipient_id)
                DO UPDATE SET pending_since = COALESCE(chat_digests.pending_since, EXCLUDED.pending_since)
                WHERE chat_digests.pending_since IS NULL
                """).param("conversation", conversationId).param("recipient", recipientId)
                .param("now", JdbcConversations.utc(now)).update();
    }

    @Override
    public List<Due> lockDue(Instant pendingBefore, Instant sentBefore, int limit) {
        return jdbc.sql("""
                SELECT d.conversation_id, d.recipient_id,
                       CASE WHEN c.patient_id = d.recipient_id THEN c.doctor_id ELSE c.patient_id END AS other,
                       CASE WHEN c.patient_id = d.recipient_id THEN c.patient_unread ELSE c.doctor_unread END AS unread
                FROM chat_digests d JOIN conversations c ON c.id = d.conversation_id
                WHERE d.pending_since IS NOT NULL AND d.pending_since <= :pendingBefore
                  AND (d.last_sent_at IS NULL OR d.last_sent_at <= :sentBefore)
                ORDER BY d.pending_since
                LIMIT :limit
                FOR UPDATE OF d SKIP LOCKED
                """).param("pendingBefore", JdbcConversations.utc(pendingBefore))
                .param("sentBefore", JdbcConversations.utc(sentBefore)).param("limit", limit)
                .query((rs, n) -> new Due(rs.getObject("conversation_id", UUID.class),
                        rs.getObject("recipient_id", UUID.class), rs.getObject("other", UUID.class), rs.getLong("unread")))
                .list();
    }

    @Override
    public void sent(UUID conversationId, UUID recipientId, Instant now) {
        jdbc.sql("""
                UPDATE chat_digests SET pending_since = NULL, last_sent_at = :now
                WHERE conversation_id = :conversation AND recipient_id = :recipient
                """).param("now", JdbcConversations.utc(now)).param("conversation", conversationId)
                .param("recipient", recipientId).update();
    }

    @Override
    public void dropped(UUID conversationId, UUID recipientId) {
        jdbc.sql("""
                UPDATE chat_digests SET pending_since = NULL
                WHERE conversation_id = :conversation AND recipient_id = :recipient
                """).param("conversation", conversationId).param("recipient", recipientId).update();
    }
}
