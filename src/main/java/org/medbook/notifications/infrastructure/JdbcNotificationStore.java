package org.medbook.notifications.infrastructure;

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
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Notifications in PostgreSQL. Fan-out writes in JDBC batches; claims use FOR UPDATE SKIP LOCKED. */
@Repository
class JdbcNotificationStore implements NotificationStore {

    static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {
    };

    private final JdbcClient jdbc;
    private final JsonMapper json;

    JdbcNotificationStore(JdbcClient jdbc, JsonMapper json) {
        this.jdbc = jdbc;
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
                        SELECT id, type, payload::text AS payload, attempts, created_at FROM notification_events
                        WHERE next_attempt_at <= :now ORDER BY created_at LIMIT :limit FOR UPDATE SKIP LOCKED""")
                .param("now", utc(now)).param("limit", limit)
                .query((rs, row) -> new StoredEvent(rs.getObject("id", UUID.class), rs.getString("type"),
                        rs.getString("payload"), rs.getInt("attempts"), instant(rs, "created_at")))
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

    /**
     * One statement for the whole batch: the notifications, and the unread counters of those in-app
     * (locked in the order of their users, so two batches touching the same users never deadlock).
     * Returns those inserted; one already stored (a redelivered event) is left as it is and not counted.
     */
    @Override
    public List<NewNotification> addNotifications(List<NewNotification> notifications) {
        if (notifications.isEmpty()) {
            return List.of();
        }
        int size = notifications.size();
        UUID[] ids = new UUID[size];
        UUID[] events = new UUID[size];
        UUID[] recipients = new UUID[size];
        String[] kinds = new String[size];
        String[] categories = new String[size];
        String[] titles = new String[size];
        String[] bodies = new String[size];
        String[] data = new String[size];
        String[] languages = new String[size];
        String[] zones = new String[size];
        Boolean[] inApp = new Boolean[size];
        byte[][] secrets = new byte[size][];
        String[] created = new String[size];
        for (int i = 0; i < size; i++) {
            NewNotification n = notifications.get(i);
            ids[i] = n.id();
            events[i] = n.eventId();
            recipients[i] = n.recipientId();
            kinds[i] = n.kind().name();
            categories[i] = n.kind().category().name();
            titles[i] = n.title();
            bodies[i] = n.body();
            data[i] = json.writeValueAsString(n.data());
            languages[i] = n.language();
            zones[i] = n.timeZone();
            inApp[i] = n.inApp();
            secrets[i] = n.secret();
            created[i] = n.createdAt().toString();
        }
        Set<UUID> inserted = Set.copyOf(jdbc.sql("""
                        WITH added AS (
                            INSERT INTO notifications (id, event_id, recipient_id, kind, category, title, body, data, language,
                                                       time_zone, in_app, secret_enc, created_at)
                            SELECT id, event_id, recipient_id, kind, category, title, body, CAST(data AS jsonb), language,
                                   time_zone, in_app, secret_enc, created_at
                            FROM unnest(CAST(:ids AS uuid[]), CAST(:events AS uuid[]), CAST(:recipients AS uuid[]),
                                        CAST(:kinds AS text[]), CAST(:categories AS text[]), CAST(:titles AS text[]),
                                        CAST(:bodies AS text[]), CAST(:data AS text[]), CAST(:languages AS text[]),
                                        CAST(:zones AS text[]), CAST(:inApp AS boolean[]), CAST(:secrets AS bytea[]),
                                        CAST(:created AS timestamptz[]))
                                 AS n(id, event_id, recipient_id, kind, category, title, body, data, language, time_zone,
                                      in_app, secret_enc, created_at)
                            ON CONFLICT DO NOTHING
                            RETURNING id, recipient_id, in_app),
                        counted AS (
                            INSERT INTO notification_unread (user_id, unread, total)
                            SELECT recipient_id, count(*), count(*) FROM added WHERE in_app
                            GROUP BY recipient_id ORDER BY recipient_id
                            ON CONFLICT (user_id) DO UPDATE SET unread = notification_unread.unread + excluded.unread,
                                total = notification_unread.total + excluded.total)
                        SELECT id FROM added""")
                .param("ids", ids).param("events", events).param("recipients", recipients).param("kinds", kinds)
                .param("categories", categories).param("titles", titles).param("bodies", bodies).param("data", data)
                .param("languages", languages).param("zones", zones).param("inApp", inApp).param("secrets", secrets)
                .param("created", created)
                .query(UUID.class).list());
        return notifications.stream().filter(n -> inserted.contains(n.id())).toList();
    }

    /** One statement for the whole batch; returns the deliveries inserted (not those already stored). */
    @Override
    public List<NewDelivery> addDeliveries(List<NewDelivery> deliveries) {
        if (deliveries.isEmpty()) {
            return List.of();
        }
        int size = deliveries.size();
        UUID[] ids = new UUID[size];
        UUID[] notifications = new UUID[size];
        UUID[] events = new UUID[size];
        UUID[] recipients = new UUID[size];
        String[] channels = new String[size];
        String[] statuses = new String[size];
        Integer[] attempts = new Integer[size];
        String[] leases = new String[size];
        String[] next = new String[size];
        String[] giveUp = new String[size];
        String[] created = new String[size];
        for (int i = 0; i < size; i++) {
            NewDelivery d = deliveries.get(i);
            ids[i] = d.id();
            notifications[i] = d.notificationId();
            events[i] = d.eventId();
            recipients[i] = d.recipientId();
            channels[i] = d.channel().name();
            // due at once and leased to this node: sent from memory, so it counts as its first attempt
            statuses[i] = d.leaseUntil() == null ? "PENDING" : "SENDING";
            attempts[i] = d.leaseUntil() == null ? 0 : 1;
            leases[i] = d.leaseUntil() == null ? null : d.leaseUntil().toString();
            next[i] = d.nextAttemptAt().toString();
            giveUp[i] = d.giveUpAt().toString();
            created[i] = d.createdAt().toString();
        }
        Set<UUID> inserted = Set.copyOf(jdbc.sql("""
                        INSERT INTO notification_deliveries (id, notification_id, event_id, recipient_id, channel, status,
                                                             attempts, lease_until, next_attempt_at, give_up_at, created_at)
                        SELECT * FROM unnest(CAST(:ids AS uuid[]), CAST(:notifications AS uuid[]), CAST(:events AS uuid[]),
                                             CAST(:recipients AS uuid[]), CAST(:channels AS text[]), CAST(:statuses AS text[]),
                                             CAST(:attempts AS int[]), CAST(:leases AS timestamptz[]),
                                             CAST(:next AS timestamptz[]), CAST(:giveUp AS timestamptz[]),
                                             CAST(:created AS timestamptz[]))
                        ON CONFLICT DO NOTHING
                        RETURNING id""")
                .param("ids", ids).param("notifications", notifications).param("events", events)
                .param("recipients", recipients).param("channels", channels).param("statuses", statuses)
                .param("attempts", attempts).param("leases", leases).param("next", next).param("giveUp", giveUp)
                .param("created", created)
                .query(UUID.class).list());
        return deliveries.stream().filter(d -> inserted.contains(d.id())).toList();
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

    /** One statement for the whole batch of outcomes. */
    @Override
    public void record(List<Outcome> outcomes) {
        if (outcomes.isEmpty()) {
            return;
        }
        int size = outcomes.size();
        UUID[] ids = new UUID[size];
        String[] statuses = new String[size];
        String[] reasons = new String[size];
        String[] finished = new String[size];
        String[] next = new String[size];
        // each outcome's targets as a JSON array (null: keep those stored); arrays of arrays must be square
        String[] targets = new String[size];
        for (int i = 0; i < size; i++) {
            Outcome o = outcomes.get(i);
            ids[i] = o.id();
            statuses[i] = o.status();
            reasons[i] = o.reason();
            finished[i] = o.at() == null ? null : o.at().toString();
            next[i] = o.nextAttemptAt() == null ? null : o.nextAttemptAt().toString();
            targets[i] = o.targets() == null ? null : json.writeValueAsString(o.targets());
        }
        jdbc.sql("""
                        UPDATE notification_deliveries d
                        SET status = o.status, last_error = o.reason, lease_until = NULL, finished_at = o.finished,
                            next_attempt_at = COALESCE(o.next, d.next_attempt_at),
                            done_targets = CASE WHEN o.targets IS NULL THEN d.done_targets
                                                ELSE ARRAY(SELECT jsonb_array_elements_text(o.targets)) END
                        FROM unnest(CAST(:ids AS uuid[]), CAST(:statuses AS text[]), CAST(:reasons AS text[]),
                                    CAST(:finished AS timestamptz[]), CAST(:next AS timestamptz[]), CAST(:targets AS jsonb[]))
                             AS o(id, status, reason, finished, next, targets)
                        WHERE d.id = o.id""")
                .param("ids", ids).param("statuses", statuses).param("reasons", reasons).param("finished", finished)
                .param("next", next).param("targets", targets)
                .update();
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
        // a notification's deliveries go with it, found by their unique key's (event_id, recipient_id)
        List<Map.Entry<UUID, Boolean>> removed = jdbc.sql("""
                        WITH removed AS (
                            DELETE FROM notifications WHERE id IN (
                                SELECT id FROM notifications n WHERE created_at < :before
                                AND NOT EXISTS (SELECT 1 FROM notification_deliveries d
                                                WHERE d.event_id = n.event_id AND d.recipient_id = n.recipient_id
                                                  AND d.status IN ('PENDING', 'SENDING'))
                                LIMIT :limit FOR UPDATE SKIP LOCKED)
                            RETURNING event_id, recipient_id, in_app, read_at IS NULL AS unread),
                        deliveries AS (
                            DELETE FROM notification_deliveries d USING removed r
                            WHERE d.event_id = r.event_id AND d.recipient_id = r.recipient_id)
                        SELECT recipient_id, in_app, unread FROM removed""")
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
