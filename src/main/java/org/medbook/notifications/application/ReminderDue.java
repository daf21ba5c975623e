package org.medbook.notifications.application;

import java.time.Duration;
import java.time.Instant;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

/** A reminder whose time came: stored like any other event, with an id that fires it once. */
record ReminderDue(UUID eventId, UUID bookingId, Duration before, Instant start) {

    static ReminderDue of(UUID bookingId, Duration before, Instant start) {
        UUID id = UUID.nameUUIDFromBytes(("reminder:" + bookingId + ":" + before + ":" + start)
                .getBytes(StandardCharsets.UTF_8));
        return new ReminderDue(id, bookingId, before, start);
    }
}
