package org.medbook.notifications.infrastructure;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import org.medbook.notifications.application.NotificationStore;
import org.medbook.notifications.domain.Category;
import org.medbook.notifications.domain.Channel;
import org.medbook.notifications.domain.Kind;
import org.medbook.notifications.domain.Preferences;
import org.medbook.notifications.domain.QuietHours;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Notifications in PostgreSQL. Fan-out writes in JDBC batches; claims use FOR UPDATE SKIP LOCKED. */
@Repository
class JdbcNotificationStore implements NotificationStore {

    static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {
    };

    private final JdbcClient jdbc;
    private final JdbcTemplate template;
    private final JsonMapper json;

    JdbcNotificationStore(JdbcClient jdbc, JdbcTemplate template, JsonMapper json) {
        this.jdbc = jdbc;
        this.template = template;
        this.json = json;
    }

    @Override
    public void storeEvent(UUID eventId, String type, String payload, Instant at) {
        jdbc.sql("""
                        INSERT INTO notification_events (id, type, payload, created_at, next_attempt_at)
                        VALUES (:id, :type, CAST(:payload AS jsonb), :at, :at) ON CONFLICT (id) DO NOTHING""")
                .param("id", eventId).param("type", type).param("payload", payload).param("at", utc(at))
                .update();
    }

    @Override
    public List<StoredEvent> claimEvents(Instant now, int limit) {
        return jdbc.sql("""
                        SELECT id, type, payload::text AS payload, attempts FROM notification_events
                        WHERE next_attempt_at <= :now ORDER BY created_at LIMIT :limit FOR UPDATE SKIP LOCKED""")
                .param("now", utc(now)).param("limit", limit)
                .query((rs, row) -> new StoredEvent(rs.getObject("id", UUID.class), rs.getString("type"),
                        rs.getString("payload"), rs.getInt("attempts")))
                .list();
    }

    @Override
    public void eventsDone(Collection<UUID> ids) {
        if (!ids.isEmpty()) {
            jdbc.sql("DELETE FROM notification_events WHERE id = ANY(:ids)").param("ids", ids.toArray(UUID[]::new)).update();
        }
    }

    @Override
    public void eventFailed(UUID id, String error, Instant retryAt) {
        jdbc.sql("UPDATE notification_events SET attempts = attempts + 1, next_attempt_at = :at, last_error = :error WHERE id = :id")
                .param("id", id).param("at", utc(retryAt)).param("error", error).update();
    }

    @Override
    public Map<UUID, Preferences> preferences(Collection<UUID> userIds) {
        if (userIds.isEmpty()) {
            return Map.of();
        }
        Map<UUID, Preferences> found = new HashMap<>();
        jdbc.sql("SELECT user_id, categories::text AS categories, quiet_start, quiet_end, time_zone FROM notification_preferences WHERE user_id = ANY(:ids)")
                .param("ids", userIds.toArray(UUID[]::new))
                .query((rs, row) -> Map.entry(rs.getObject("user_id", UUID.class), preferences(rs)))
                .list()
                .forEach(entry -> found.put(entry.getKey(), entry.getValue()));
        return found;
    }

    @Override
    public Set<UUID> usersWithDevices(Collection<UUID> userIds) {
        if (userIds.isEmpty()) {
            return Set.of();
        }
        return Set.copyOf(jdbc.sql("SELECT DISTINCT user_id FROM devices WHERE user_id = ANY(:ids)")
                .param("ids", userIds.toArray(UUID[]::new)).query(UUID.class).list());
    }

    Preferences preferences(ResultSet rs) throws SQLException {
        Map<String, List<String>> stored = json.readValue(rs.getString("categories"), new TypeReference<>() {
        });
        Map<Category, Set<Channel>> categories = new EnumMap<>(Category.class);
        stored.forEach((category, channels) -> categories.put(Category.valueOf(category),
                channels.stream().map(Channel::valueOf).collect(Collectors.toCollection(() -> EnumSet.noneOf(Channel.class)))));
        LocalTime start = rs.getObject("quiet_start", LocalTime.class);
        LocalTime end = rs.getObject("quiet_end", LocalTime.class);
        String zone = rs.getString("time_zone");
        return new Preferences(categories, start == null ? null : new QuietHours(start, end), zone == null ? null : ZoneId.of(zone));
    }

    @Override
    public void savePreferences(UUID userId, Preferences preferences, Instant now) {
        Map<String, List<String>> categories = new LinkedHashMap<>();
        preferences.categories().forEach((category, channels) -> categories.put(category.name(),
                channels.stream().map(Channel::name).sorted().toList()));
        jdbc.sql("""
                        INSERT INTO notification_preferences (user_id, categories, quiet_start, quiet_end, time_zone, updated_at)
                        VALUES (:user, CAST(:categories AS jsonb), :start, :end, :zone, :now)
                        ON CONFLICT (user_id) DO UPDATE SET categories = excluded.categories, quiet_start = excluded.quiet_start,
                            quiet_end = excluded.quiet_end, time_zone = excluded.time_zone, updated_at = excluded.updated_at""")
                .param("user", userId).param("categories", json.writeValueAsString(categories))
                .param("start", preferences.quietHours() == null ? null : preferences.quietHours().start())
                .param("end", preferences.quietHours() == null ? null : preferences.quietHours().end())
                .param("zone", preferences.timeZone() == null ? null : preferences.timeZone().getId())
                .param("now", utc(now))
                .update();
    }

    @Override
    public List<NewNotification> addNotifications(List<NewNotification> notifications) {
        if (notifications.isEmpty()) {
            return List.of();
        }
        int[][] counts = template.batchUpdate("""
                        INSERT INTO notifications (id, event_id, recipient_id, kind, category, title, body, data, language,
                                                   time_zone, in_app, secret_enc, created_at)
                        VALUES (?, ?, ?, ?, ?, ?, ?, CAST(? AS jsonb), ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING""",
                notifications, 500, (PreparedStatement ps, NewNotification n) -> {
                    ps.setObject(1, n.id());
                    ps.setObject(2, n.eventId());
                    ps.setObject(3, n.recipientId());
                    ps.setString(4, n.kind().name());
                    ps.setString(5, n.kind().category().name());
                    ps.setString(6, n.title());
                    ps.setString(7, n.body());
                    ps.setString(8, json.writeValueAsString(n.data()));
                    ps.setString(9, n.language());
                    ps.setString(10, n.timeZone());
                    ps.setBoolean(11, n.inApp());
                    ps.setBytes(12, n.secret());
                    ps.setObject(13, utc(n.createdAt()));
                });
        List<NewNotification> inserted = inserted(notifications, counts);
        Map<UUID, Integer> unread = new HashMap<>();
        inserted.stream().filter(NewNotification::inApp).forEach(n -> unread.merge(n.recipientId(), 1, Integer::sum));
        if (!unread.isEmpty()) {
            // sorted, so two batches touching the same users lock their counters in one order
            List<Map.Entry<UUID, Integer>> rows = unread.entrySet().stream().sorted(Map.Entry.comparingByKey()).toList();
            template.batchUpdate("""
                            INSERT INTO notification_unread (user_id, unread, total) VALUES (?, ?, ?)
                            ON CONFLICT (user_id) DO UPDATE SET unread = notification_unread.unread + excluded.unread,
                                total = notification_unread.total + excluded.total""",
                    rows, 500, (ps, row) -> {
                        ps.setObject(1, row.getKey());
                        ps.setInt(2, row.getValue());
                        ps.setInt(3, row.getValue());
                    });
        }
        return inserted;
    }

    @Override
    public List<NewDelivery> addDeliveries(List<NewDelivery> deliveries) {
        if (deliveries.isEmpty()) {
            return List.of();
        }
        int[][] counts = template.batchUpdate("""
                        INSERT INTO notification_deliveries (id, notification_id, event_id, recipient_id, channel, status,
                                                             attempts, lease_until, next_attempt_at, give_up_at, created_at)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING""",
                deliveries, 500, (PreparedStatement ps, NewDelivery d) -> {
                    ps.setObject(1, d.id());
                    ps.setObject(2, d.notificationId());
                    ps.setObject(3, d.eventId());
                    ps.setObject(4, d.recipientId());
                    ps.setString(5, d.channel().name());
                    ps.setString(6, d.leaseUntil() == null ? "PENDING" : "SENDING");
                    ps.setInt(7, d.leaseUntil() == null ? 0 : 1);
                    ps.setObject(8, utc(d.leaseUntil()));
                    ps.setObject(9, utc(d.nextAttemptAt()));
                    ps.setObject(10, utc(d.giveUpAt()));
                    ps.setObject(11, utc(d.createdAt()));
                });
        return inserted(deliveries, counts);
    }

    /** Those of {@code rows} a batch of {@code INSERT ... ON CONFLICT DO NOTHING} inserted, by its counts. */
    private static <T> List<T> inserted(List<T> rows, int[][] counts) {
        List<T> inserted = new ArrayList<>();
        int i = 0;
        for (int[] batch : counts) {
            for (int count : batch) {
                if (count != 0) {
                    inserted.add(rows.get(i));
                }
                i++;
            }
        }
        return inserted;
    }

    /** One statement: the future offsets are written (or moved), any other reminder of the booking goes. */
    @Override
    public void scheduleReminders(Map<UUID, Instant> startsByBooking, Collection<Duration> offsets, Instant now) {
        List<UUID> bookings = new ArrayList<>();
        List<Long> seconds = new ArrayList<>();
        List<String> starts = new ArrayList<>();
        startsByBooking.forEach((booking, start) -> offsets.stream().filter(offset -> start.minus(offset).isAfter(now))
                .forEach(offset -> {
                    bookings.add(booking);
                    seconds.add(offset.toSeconds());
                    starts.add(start.toString());
                }));
        // a booking's reminders that are not wanted any more go, the wanted ones are added or moved
        jdbc.sql("""
                        WITH wanted AS (
                            SELECT * FROM unnest(CAST(:bookings AS uuid[]), CAST(:offsets AS bigint[]),
                                                 CAST(:starts AS timestamptz[])) AS w(booking_id, offset_seconds, starts_at)),
                        gone AS (
                            DELETE FROM notification_reminders r WHERE r.booking_id = ANY(CAST(:all AS uuid[]))
                              AND NOT EXISTS (SELECT 1 FROM wanted w
                                              WHERE w.booking_id = r.booking_id AND w.offset_seconds = r.offset_seconds))
                        INSERT INTO notification_reminders (booking_id, offset_seconds, starts_at, due_at)
                        SELECT booking_id, offset_seconds, starts_at, starts_at - make_interval(secs => offset_seconds)
                        FROM wanted
                        ON CONFLICT (booking_id, offset_seconds) DO UPDATE SET starts_at = excluded.starts_at, due_at = excluded.due_at""")
                .param("bookings", bookings.toArray(UUID[]::new))
                .param("offsets", seconds.toArray(Long[]::new))
                .param("starts", starts.toArray(String[]::new))
                .param("all", startsByBooking.keySet().toArray(UUID[]::new))
                .update();
    }

    @Override
    public void dropReminders(Collection<UUID> bookingIds) {
        jdbc.sql("DELETE FROM notification_reminders WHERE booking_id = ANY(:ids)")
                .param("ids", bookingIds.toArray(UUID[]::new)).update();
    }

    @Override
    public List<DueReminder> takeDueReminders(Instant now, int limit) {
        return jdbc.sql("""
                        DELETE FROM notification_reminders WHERE (booking_id, offset_seconds) IN (
                            SELECT booking_id, offset_seconds FROM notification_reminders WHERE due_at <= :now
                            ORDER BY due_at LIMIT :limit FOR UPDATE SKIP LOCKED)
                        RETURNING booking_id, offset_seconds, starts_at""")
                .param("now", utc(now)).param("limit", limit)
                .query((rs, row) -> new DueReminder(rs.getObject("booking_id", UUID.class),
                        Duration.ofSeconds(rs.getLong("offset_seconds")), instant(rs, "starts_at")))
                .list();
    }

    @Override
    public List<ClaimedDelivery> claimDeliveries(Instant now, Instant leaseUntil, int limit) {
        return jdbc.sql("""
                        UPDATE notification_deliveries d SET status = 'SENDING', lease_until = :lease, attempts = d.attempts + 1
                        FROM notifications n
                        WHERE n.id = d.notification_id AND d.id IN (
                            SELECT id FROM notification_deliveries
                            WHERE status IN ('PENDING', 'SENDING') AND next_attempt_at <= :now
                              AND (status = 'PENDING' OR lease_until < :now)
                            ORDER BY next_attempt_at LIMIT :limit FOR UPDATE SKIP LOCKED)
                        RETURNING d.id, d.notification_id, d.recipient_id, d.channel, d.done_targets, d.attempts, d.give_up_at,
                                  n.kind, n.title, n.body, n.data::text AS data, n.language, n.time_zone, n.secret_enc,
                                  n.created_at""")
                .param("now", utc(now)).param("lease", utc(leaseUntil)).param("limit", limit)
                .query((rs, row) -> new ClaimedDelivery(rs.getObject("id", UUID.class),
                        rs.getObject("notification_id", UUID.class), rs.getObject("recipient_id", UUID.class),
                        Channel.valueOf(rs.getString("channel")), Kind.valueOf(rs.getString("kind")),
                        rs.getString("title"), rs.getString("body"), json.readValue(rs.getString("data"), MAP),
                        rs.getString("language"), rs.getString("time_zone"), rs.getBytes("secret_enc"),
                        Set.of((String[]) rs.getArray("done_targets").getArray()), rs.getInt("attempts"),
                        instant(rs, "give_up_at"), instant(rs, "created_at")))
                .list();
    }

    @Override
    public void record(List<Outcome> outcomes) {
        if (outcomes.isEmpty()) {
            return;
        }
        template.batchUpdate("""
                        UPDATE notification_deliveries SET status = ?, last_error = CAST(? AS text), lease_until = NULL,
                               finished_at = CAST(? AS timestamptz),
                               next_attempt_at = COALESCE(CAST(? AS timestamptz), next_attempt_at),
                               done_targets = COALESCE(CAST(? AS text[]), done_targets)
                        WHERE id = ?""",
                outcomes, 500, (ps, o) -> {
                    ps.setString(1, o.status());
                    ps.setString(2, o.reason());
                    ps.setObject(3, utc(o.at()));
                    ps.setObject(4, utc(o.nextAttemptAt()));
                    ps.setArray(5, o.targets() == null ? null
                            : ps.getConnection().createArrayOf("text", o.targets().toArray()));
                    ps.setObject(6, o.id());
                });
    }

    @Override
    public void forgetSecrets(Collection<UUID> notificationIds) {
        if (!notificationIds.isEmpty()) {
            jdbc.sql("UPDATE notifications SET secret_enc = NULL WHERE id = ANY(:ids) AND secret_enc IS NOT NULL")
                    .param("ids", notificationIds.toArray(UUID[]::new)).update();
        }
    }

    @Override
    public int purge(Instant before, int limit) {
        List<Map.Entry<UUID, Boolean>> removed = jdbc.sql("""
                        DELETE FROM notifications WHERE id IN (
                            SELECT id FROM notifications n WHERE created_at < :before
                            AND NOT EXISTS (SELECT 1 FROM notification_deliveries d
                                            WHERE d.notification_id = n.id AND d.status IN ('PENDING', 'SENDING'))
                            LIMIT :limit FOR UPDATE SKIP LOCKED)
                        RETURNING recipient_id, in_app, read_at IS NULL AS unread""")
                .param("before", utc(before)).param("limit", limit)
                .query((rs, row) -> rs.getBoolean("in_app")
                        ? Map.entry(rs.getObject("recipient_id", UUID.class), rs.getBoolean("unread")) : null)
                .list();
        Map<UUID, int[]> counts = new java.util.TreeMap<>();
        removed.stream().filter(java.util.Objects::nonNull).forEach(entry -> {
            int[] count = counts.computeIfAbsent(entry.getKey(), user -> new int[2]);
            count[0]++;
            count[1] += entry.getValue() ? 1 : 0;
        });
        counts.forEach((user, count) -> jdbc.sql("""
                        UPDATE notification_unread SET total = GREATEST(total - :total, 0), unread = GREATEST(unread - :unread, 0)
                        WHERE user_id = :user""")
                .param("user", user).param("total", count[0]).param("unread", count[1]).update());
        return removed.size();
    }

    static OffsetDateTime utc(Instant instant) {
        return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
    }

    static Instant instant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }

    static List<String> strings(java.sql.Array array) throws SQLException {
        return array == null ? List.of() : Arrays.asList((String[]) array.getArray());
    }
}
