package org.medbook.notifications.infrastructure;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import tools.jackson.databind.json.JsonMapper;

import org.medbook.notifications.application.Inbox;
import org.medbook.notifications.application.NotificationView;
import org.medbook.shared.PageRequest;
import org.medbook.shared.PageView;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import static org.medbook.notifications.infrastructure.JdbcNotificationStore.instant;
import static org.medbook.notifications.infrastructure.JdbcNotificationStore.utc;

/** The inbox reads the recipient's partial indexes; the unread count is one row kept with every write. */
@Repository
class JdbcInbox implements Inbox {

    private final JdbcClient jdbc;
    private final JsonMapper json;

    JdbcInbox(JdbcClient jdbc, JsonMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    @Override
    public PageView<NotificationView> list(UUID userId, boolean unreadOnly, PageRequest page) {
        String filter = "WHERE recipient_id = :user AND in_app" + (unreadOnly ? " AND read_at IS NULL" : "");
        // both totals are kept in one row with every write: a large inbox is never counted
        long total = jdbc.sql("SELECT " + (unreadOnly ? "unread" : "total") + " FROM notification_unread WHERE user_id = :user")
                .param("user", userId).query(Long.class).optional().orElse(0L);
        List<NotificationView> items = jdbc.sql("""
                        SELECT id, kind, category, title, body, data::text AS data, created_at, read_at FROM notifications
                        """ + filter + " ORDER BY created_at DESC, id LIMIT :limit OFFSET :offset")
                .param("user", userId).param("limit", page.size()).param("offset", page.offset())
                .query(this::view).list();
        return new PageView<>(items, page.page(), page.size(), total);
    }

    private NotificationView view(ResultSet rs, int row) throws SQLException {
        return new NotificationView(rs.getObject("id", UUID.class), rs.getString("kind"), rs.getString("category"),
                rs.getString("title"), rs.getString("body"),
                json.readValue(rs.getString("data"), JdbcNotificationStore.MAP), instant(rs, "created_at"),
                instant(rs, "read_at"));
    }

    @Override
    public long unreadCount(UUID userId) {
        return jdbc.sql("SELECT unread FROM notification_unread WHERE user_id = :user").param("user", userId)
                .query(Long.class).optional().orElse(0L);
    }

    @Override
    public boolean markRead(UUID userId, UUID notificationId, Instant at) {
        int changed = jdbc.sql("""
                        UPDATE notifications SET read_at = :at WHERE id = :id AND recipient_id = :user AND in_app AND read_at IS NULL""")
                .param("id", notificationId).param("user", userId).param("at", utc(at)).update();
        if (changed > 0) {
            decrement(userId, changed);
            return true;
        }
        return jdbc.sql("SELECT count(*) FROM notifications WHERE id = :id AND recipient_id = :user AND in_app")
                .param("id", notificationId).param("user", userId).query(Long.class).single() > 0;
    }

    @Override
    public int markAllRead(UUID userId, Instant at) {
        int changed = jdbc.sql("UPDATE notifications SET read_at = :at WHERE recipient_id = :user AND in_app AND read_at IS NULL")
                .param("user", userId).param("at", utc(at)).update();
        if (changed > 0) {
            decrement(userId, changed);
        }
        return changed;
    }

    private void decrement(UUID userId, int by) {
        jdbc.sql("UPDATE notification_unread SET unread = GREATEST(unread - :by, 0) WHERE user_id = :user")
                .param("user", userId).param("by", by).update();
    }

    private static final String DELIVERY = """
            SELECT d.id, d.notification_id, d.recipient_id, n.kind, d.channel, d.status, d.attempts, d.last_error,
                   d.created_at, d.next_attempt_at, d.finished_at
            FROM notification_deliveries d JOIN notifications n ON n.id = d.notification_id
            """;

    @Override
    public PageView<DeliveryView> deliveries(String status, UUID recipientId, PageRequest page) {
        // the status is written into the statement, so the planner sees it and can use the partial index of
        // those that FAILED; it is one of the known statuses, never the caller's text
        String known = status == null ? null : DELIVERY_STATUSES.stream().filter(status::equals).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown delivery status"));
        String filter = " WHERE " + (known == null ? "true" : "d.status = '" + known + "'")
                + " AND (CAST(:recipient AS uuid) IS NULL OR d.recipient_id = :recipient)";
        long total = jdbc.sql("SELECT count(*) FROM notification_deliveries d" + filter)
                .param("recipient", recipientId).query(Long.class).single();
        List<DeliveryView> items = jdbc.sql(DELIVERY + filter + " ORDER BY d.created_at DESC, d.id LIMIT :limit OFFSET :offset")
                .param("recipient", recipientId).param("limit", page.size())
                .param("offset", page.offset()).query(this::deliveryRow).list();
        return new PageView<>(items, page.page(), page.size(), total);
    }

    @Override
    public Optional<DeliveryView> delivery(UUID deliveryId) {
        return jdbc.sql(DELIVERY + " WHERE d.id = :id").param("id", deliveryId).query(this::deliveryRow).optional();
    }

    private DeliveryView deliveryRow(ResultSet rs, int row) throws SQLException {
        return new DeliveryView(rs.getObject("id", UUID.class), rs.getObject("notification_id", UUID.class),
                rs.getObject("recipient_id", UUID.class), rs.getString("kind"), rs.getString("channel"),
                rs.getString("status"), rs.getInt("attempts"), rs.getString("last_error"), instant(rs, "created_at"),
                instant(rs, "next_attempt_at"), instant(rs, "finished_at"));
    }

    @Override
    public boolean retry(UUID deliveryId, Instant now, Instant giveUpAt) {
        return jdbc.sql("""
                        UPDATE notification_deliveries SET status = 'PENDING', attempts = 0, next_attempt_at = :now,
                               give_up_at = :giveUp, finished_at = NULL, lease_until = NULL
                        WHERE id = :id AND status = 'FAILED'""")
                .param("id", deliveryId).param("now", utc(now)).param("giveUp", utc(giveUpAt)).update() > 0;
    }
}
