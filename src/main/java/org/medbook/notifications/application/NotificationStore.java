package org.medbook.notifications.application;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.medbook.notifications.domain.Channel;
import org.medbook.notifications.domain.Kind;
import org.medbook.notifications.domain.Preferences;

/** Where notifications, their deliveries, the module's own outbox and reminders are kept. */
public interface NotificationStore {

    // --- the module's outbox

    /** Stores an event in the caller's transaction; a second copy of the same event id is ignored. */
    void storeEvent(UUID eventId, String type, String payload, Instant at);

    /** Locks up to {@code limit} events due now; other nodes skip them. Call inside a transaction. */
    List<StoredEvent> claimEvents(Instant now, int limit);

    void eventsDone(Collection<UUID> ids);

    void eventFailed(UUID id, String error, Instant retryAt);

    /** An event as stored, with the time it was stored ({@code createdAt}). */
    record StoredEvent(UUID id, String type, String payload, int attempts, Instant createdAt) {
    }

    // --- fan-out

    Map<UUID, Preferences> preferences(Collection<UUID> userIds);

    void savePreferences(UUID userId, Preferences preferences, Instant now);

    /** Those among {@code userIds} with at least one push device. */
    Set<UUID> usersWithDevices(Collection<UUID> userIds);

    /** Inserts what is new; returns the ones inserted (a redelivered event inserts nothing). */
    List<NewNotification> addNotifications(List<NewNotification> notifications);

    /**
     * Inserts what is new; returns the ones inserted (a redelivered event inserts nothing). A delivery
     * with {@code leaseUntil} is inserted leased to this node (SENDING, its first attempt), to be sent
     * from memory after commit without a claim; one without waits PENDING for a claim.
     */
    List<NewDelivery> addDeliveries(List<NewDelivery> deliveries);

    record NewNotification(UUID id, UUID eventId, UUID recipientId, Kind kind, String title, String body,
                           Map<String, Object> data, String language, String timeZone, boolean inApp,
                           byte[] secret, Instant createdAt) {
    }

    record NewDelivery(UUID id, UUID notificationId, UUID eventId, UUID recipientId, Channel channel,
                       Instant nextAttemptAt, Instant giveUpAt, Instant createdAt, Instant leaseUntil) {
    }

    // --- reminders

    /**
     * For each booking (by id, with its visit's start), the reminders of every offset whose time is still
     * ahead of {@code now}, moved to that start; its other reminders go. One statement for all.
     */
    void scheduleReminders(java.util.Map<UUID, Instant> startsByBooking, Collection<java.time.Duration> offsets, Instant now);

    /** Every reminder of these bookings goes. */
    void dropReminders(Collection<UUID> bookingIds);

    /** Locks and removes the reminders due now; call inside the transaction that stores their events. */
    List<DueReminder> takeDueReminders(Instant now, int limit);

    record DueReminder(UUID bookingId, java.time.Duration before, Instant start) {
    }

    // --- deliveries

    /** Leases up to {@code limit} deliveries due now (PENDING, or SENDING with a lapsed lease). */
    List<ClaimedDelivery> claimDeliveries(Instant now, Instant leaseUntil, int limit);

    record ClaimedDelivery(UUID id, UUID notificationId, UUID recipientId, Channel channel, Kind kind, String title,
                           String body, Map<String, Object> data, String language, String timeZone, byte[] secret,
                           Set<String> doneTargets, int attempts, Instant giveUpAt, Instant createdAt) {
    }

    /**
     * What became of a batch of deliveries, written in one round of statements.
     *
     * @param status        SENT, SKIPPED, FAILED (finished at {@code at}) or PENDING (due again at {@code nextAttemptAt})
     * @param targets       devices or addresses served so far; null keeps what is stored
     */
    void record(List<Outcome> outcomes);

    record Outcome(UUID id, String status, String reason, Set<String> targets, Instant at, Instant nextAttemptAt) {
    }

    /** Temporary passwords are kept only until their e-mail is out. */
    void forgetSecrets(Collection<UUID> notificationIds);

    /**
     * Deletes a batch of notifications created before {@code before} that no channel is still sending
     * (with their deliveries); returns how many.
     */
    int purge(Instant before, int limit);
}
