package org.medbook.notifications.infrastructure;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.medbook.notifications.application.Device;
import org.medbook.notifications.application.Devices;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import static org.medbook.notifications.infrastructure.JdbcNotificationStore.instant;
import static org.medbook.notifications.infrastructure.JdbcNotificationStore.utc;

/**
 * Devices in one table with a unique (platform, address): registering a known token or endpoint is
 * one upsert that hands it to the caller. Kept under its id when the same user registers it again;
 * a new owner gets a new id, so nothing the previous owner saw names the new owner's device.
 */
@Repository
class JdbcDevices implements Devices {

    private static final String COLUMNS = "id, user_id, platform, address, p256dh, auth, created_at";

    private final JdbcClient jdbc;

    JdbcDevices(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public Registered register(Device device) {
        return jdbc.sql("""
                        INSERT INTO devices (id, user_id, platform, address, p256dh, auth, created_at, registered_at)
                        VALUES (:id, :user, :platform, :address, :p256dh, :auth, :at, :at)
                        ON CONFLICT (platform, address) DO UPDATE SET
                            id = CASE WHEN devices.user_id = EXCLUDED.user_id THEN devices.id ELSE EXCLUDED.id END,
                            created_at = CASE WHEN devices.user_id = EXCLUDED.user_id THEN devices.created_at
                                              ELSE EXCLUDED.created_at END,
                            user_id = EXCLUDED.user_id, p256dh = EXCLUDED.p256dh, auth = EXCLUDED.auth,
                            registered_at = EXCLUDED.registered_at
                        RETURNING id, user_id, platform, address, p256dh, auth, created_at, (xmax = 0) AS created""")
                .param("id", device.id()).param("user", device.userId()).param("platform", device.platform().name())
                .param("address", device.address()).param("p256dh", device.p256dh()).param("auth", device.auth())
                .param("at", utc(device.createdAt()))
                .query((rs, row) -> new Registered(device(rs, row), rs.getBoolean("created"))).single();
    }

    @Override
    public void keepNewest(UUID userId, int keep) {
        jdbc.sql("""
                        DELETE FROM devices WHERE user_id = :user AND id NOT IN (
                            SELECT id FROM devices WHERE user_id = :user ORDER BY registered_at DESC, id DESC LIMIT :keep)""")
                .param("user", userId).param("keep", keep).update();
    }

    @Override
    public List<Device> of(UUID userId) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM devices WHERE user_id = :user ORDER BY created_at, id")
                .param("user", userId).query(JdbcDevices::device).list();
    }

    @Override
    public Map<UUID, List<Device>> of(Collection<UUID> userIds) {
        if (userIds.isEmpty()) {
            return Map.of();
        }
        Map<UUID, List<Device>> byUser = new LinkedHashMap<>();
        jdbc.sql("SELECT " + COLUMNS + " FROM devices WHERE user_id = ANY(:users) ORDER BY created_at, id")
                .param("users", userIds.toArray(UUID[]::new)).query(JdbcDevices::device).list()
                .forEach(device -> byUser.computeIfAbsent(device.userId(), user -> new java.util.ArrayList<>()).add(device));
        return byUser;
    }

    @Override
    public boolean remove(UUID userId, UUID deviceId) {
        return jdbc.sql("DELETE FROM devices WHERE id = :id AND user_id = :user")
                .param("id", deviceId).param("user", userId).update() > 0;
    }

    @Override
    public void forget(Device device) {
        jdbc.sql("DELETE FROM devices WHERE id = :id AND address = :address AND coalesce(p256dh, '') = :p256dh")
                .param("id", device.id()).param("address", device.address())
                .param("p256dh", device.p256dh() == null ? "" : device.p256dh()).update();
    }

    private static Device device(ResultSet rs, int row) throws SQLException {
        return new Device(rs.getObject("id", UUID.class), rs.getObject("user_id", UUID.class),
                Device.Platform.valueOf(rs.getString("platform")), rs.getString("address"), rs.getString("p256dh"),
                rs.getString("auth"), instant(rs, "created_at"));
    }
}
