package org.medbook.chat.infrastructure;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import org.medbook.chat.application.AttachmentView;
import org.medbook.chat.application.ChatQueries;
import org.medbook.chat.application.ConversationView;
import org.medbook.chat.application.HistoryView;
import org.medbook.chat.application.MessageView;
import org.medbook.identity.UserContacts;
import org.medbook.shared.PageRequest;
import org.medbook.shared.PageView;
import org.medbook.shared.crypto.FieldCipher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

@Repository
class JdbcChatQueries implements ChatQueries {

    private static final String CONVERSATION = """
            SELECT c.id, c.patient_id, c.doctor_id, c.status, c.last_seq, c.activity_at,
                   CASE WHEN c.patient_id = :user THEN c.patient_unread ELSE c.doctor_unread END AS unread,
                   CASE WHEN c.patient_id = :user THEN c.patient_read_seq ELSE c.doctor_read_seq END AS read_seq,
                   CASE WHEN c.patient_id = :user THEN c.patient_delivered_seq ELSE c.doctor_delivered_seq END AS delivered_seq,
                   m.id AS message_id
            FROM conversations c
            LEFT JOIN chat_messages m ON m.conversation_id = c.id AND m.seq = c.last_seq
            """;
    private static final String MESSAGE = """
            SELECT id, conversation_id, seq, sender_id, client_message_id, body_enc, sent_at FROM chat_messages m
            """;

    private final JdbcClient jdbc;
    private final FieldCipher cipher;
    private final UserContacts contacts;

    JdbcChatQueries(JdbcClient jdbc, FieldCipher cipher, UserContacts contacts) {
        this.jdbc = jdbc;
        this.cipher = cipher;
        this.contacts = contacts;
    }

    private record Row(UUID id, UUID patientId, UUID doctorId, String status, long lastSeq, OffsetDateTime activityAt,
                       long unread, long readSeq, long deliveredSeq, UUID messageId) {
    }

    @Override
    public PageView<ConversationView> conversationsOf(UUID userId, PageRequest page) {
        long total = jdbc.sql("SELECT count(*) FROM conversations WHERE patient_id = :user OR doctor_id = :user")
                .param("user", userId).query(Long.class).single();
        List<Row> rows = jdbc.sql(CONVERSATION + """
                        WHERE c.patient_id = :user OR c.doctor_id = :user
                        ORDER BY c.activity_at DESC, c.id LIMIT :limit OFFSET :offset
                        """).param("user", userId).param("limit", page.size()).param("offset", page.offset())
                .query(JdbcChatQueries::row).list();
        return new PageView<>(views(rows, userId), page.page(), page.size(), total);
    }

    @Override
    public Optional<ConversationView> conversation(UUID conversationId, UUID userId) {
        return jdbc.sql(CONVERSATION + " WHERE c.id = :id AND (c.patient_id = :user OR c.doctor_id = :user)")
                .param("id", conversationId).param("user", userId).query(JdbcChatQueries::row).optional()
                .map(row -> views(List.of(row), userId).getFirst());
    }

    private List<ConversationView> views(List<Row> rows, UUID userId) {
        Set<UUID> others = rows.stream().map(r -> r.patientId().equals(userId) ? r.doctorId() : r.patientId())
                .collect(Collectors.toSet());
        Map<UUID, UserContacts.Contact> names = others.isEmpty() ? Map.of() : contacts.find(others);
        Map<UUID, MessageView> last = messages(rows.stream().map(Row::messageId).filter(id -> id != null).toList())
                .stream().collect(Collectors.toMap(MessageView::id, m -> m));
        return rows.stream().map(r -> {
            UUID other = r.patientId().equals(userId) ? r.doctorId() : r.patientId();
            UserContacts.Contact contact = names.get(other);
            return new ConversationView(r.id(), r.patientId(), r.doctorId(),
                    new ConversationView.Party(other, contact == null ? null : contact.name()), r.status(), r.lastSeq(),
                    r.messageId() == null ? null : last.get(r.messageId()), r.unread(), r.readSeq(), r.deliveredSeq(),
                    r.activityAt().toInstant());
        }).toList();
    }

    @Override
    public HistoryView history(UUID conversationId, Long afterSeq, Long beforeSeq, int limit) {
        // forward from afterSeq when given; otherwise the newest page before beforeSeq (read backwards, then turned)
        boolean forward = afterSeq != null;
        List<MessageView> page = new ArrayList<>(read(MESSAGE + """
                        WHERE m.conversation_id = :id AND m.seq > :after AND m.seq < :before
                        """ + (forward ? " ORDER BY m.seq" : " ORDER BY m.seq DESC") + " LIMIT :limit", conversationId,
                forward ? afterSeq : 0, beforeSeq == null ? Long.MAX_VALUE : beforeSeq, limit + 1));
        boolean more = page.size() > limit;
        page = new ArrayList<>(page.subList(0, Math.min(limit, page.size())));
        if (!forward) {
            Collections.reverse(page);
        }
        return new HistoryView(page, more);
    }

    private List<MessageView> read(String sql, UUID conversationId, long after, long before, int limit) {
        List<Raw> raws = jdbc.sql(sql).param("id", conversationId).param("after", after).param("before", before)
                .param("limit", limit).query((rs, n) -> raw(rs)).list();
        return withAttachments(raws);
    }

    @Override
    public List<MessageView> messages(List<UUID> messageIds) {
        if (messageIds.isEmpty()) {
            return List.of();
        }
        List<Raw> raws = jdbc.sql(MESSAGE + " WHERE m.id IN (:ids) ORDER BY m.seq").param("ids", messageIds)
                .query((rs, n) -> raw(rs)).list();
        return withAttachments(raws);
    }

    @Override
    public ChatActivityView activityOf(UUID userId) {
        return jdbc.sql("""
                SELECT (SELECT count(*) FROM conversations WHERE patient_id = :user OR doctor_id = :user) AS conversations,
                       (SELECT count(*) FROM chat_messages WHERE sender_id = :user) AS messages,
                       (SELECT count(*) FROM chat_attachments WHERE uploader_id = :user AND message_id IS NOT NULL) AS files
                """).param("user", userId)
                .query((rs, n) -> new ChatActivityView(userId, rs.getLong("conversations"), rs.getLong("messages"),
                        rs.getLong("files"))).single();
    }

    private record Raw(UUID id, UUID conversationId, long seq, UUID senderId, String clientMessageId, byte[] bodyEnc,
                       OffsetDateTime sentAt) {
    }

    private static Raw raw(ResultSet rs) throws SQLException {
        return new Raw(rs.getObject("id", UUID.class), rs.getObject("conversation_id", UUID.class), rs.getLong("seq"),
                rs.getObject("sender_id", UUID.class), rs.getString("client_message_id"), rs.getBytes("body_enc"),
                rs.getObject("sent_at", OffsetDateTime.class));
    }

    private List<MessageView> withAttachments(List<Raw> raws) {
        if (raws.isEmpty()) {
            return List.of();
        }
        Map<UUID, List<AttachmentView>> files = new HashMap<>();
        jdbc.sql("""
                SELECT id, message_id, name_enc, content_type, size FROM chat_attachments
                WHERE message_id IN (:ids) ORDER BY created_at, id
                """).param("ids", raws.stream().map(Raw::id).toList()).query(rs -> {
            UUID id = rs.getObject("id", UUID.class);
            files.computeIfAbsent(rs.getObject("message_id", UUID.class), k -> new ArrayList<>())
                    .add(new AttachmentView(id, cipher.decrypt(rs.getBytes("name_enc"), JdbcAttachments.nameContext(id)),
                            rs.getString("content_type"), rs.getLong("size")));
        });
        return raws.stream().map(r -> new MessageView(r.id(), r.conversationId(), r.seq(), r.senderId(),
                r.clientMessageId(), cipher.decrypt(r.bodyEnc(), JdbcConversations.bodyContext(r.id())),
                files.getOrDefault(r.id(), List.of()), r.sentAt().toInstant())).toList();
    }

    private static Row row(ResultSet rs, int n) throws SQLException {
        return new Row(rs.getObject("id", UUID.class), rs.getObject("patient_id", UUID.class),
                rs.getObject("doctor_id", UUID.class), rs.getString("status"), rs.getLong("last_seq"),
                rs.getObject("activity_at", OffsetDateTime.class), rs.getLong("unread"), rs.getLong("read_seq"),
                rs.getLong("delivered_seq"), rs.getObject("message_id", UUID.class));
    }
}
