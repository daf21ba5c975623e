package org.medbook.notifications.application;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** The push devices of users; a token or endpoint belongs to one user at a time. */
public interface Devices {

    /**
     * Keeps the device for its user. A token or endpoint already known is handed to this user (a
     * phone changes hands, a browser profile signs in as someone else) with the keys given now.
     *
     * @return the stored device and whether it was new
     */
    Registered register(Device device);

    /** Forgets the user's devices beyond the {@code keep} most recently registered. */
    void keepNewest(UUID userId, int keep);

    List<Device> of(UUID userId);

    /** Every device of these users, by user, in one read. */
    Map<UUID, List<Device>> of(Collection<UUID> userIds);

    /** @return false when the user has no such device */
    boolean remove(UUID userId, UUID deviceId);

    /** A push service said the device is gone; a newer registration of the same address is kept. */
    void forget(Device device);

    record Registered(Device device, boolean created) {
    }
}
