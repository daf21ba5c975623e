package org.medbook.notifications.application;

import java.time.Instant;

import org.medbook.shared.retention.RetentionTarget;
import org.springframework.stereotype.Component;

/**
 * Notifications past their age, read or not, with their delivery rows; one that a channel is still
 * sending or retrying waits until its delivery has finished (sent, skipped or given up).
 */
@Component
class NotificationRetention implements RetentionTarget {

    private final NotificationStore store;

    NotificationRetention(NotificationStore store) {
        this.store = store;
    }

    @Override
    public String name() {
        return "notifications";
    }

    @Override
    public int purge(Instant before, int batch) {
        return store.purge(before, batch);
    }
}
