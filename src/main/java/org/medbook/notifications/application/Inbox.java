package org.medbook.notifications.application;

import java.time.Instant;
import java.util.UUID;

import org.medbook.shared.PageRequest;
import org.medbook.shared.PageView;

/** A user's in-app notifications, and the back office's view of deliveries. */
public interface Inbox {

    PageView<NotificationView> list(UUID userId, boolean unreadOnly, PageRequest page);

    long unreadCount(UUID userId);

    /** @return false when the user has no such notification */
    boolean markRead(UUID userId, UUID notificationId, Instant at);

    int markAllRead(UUID userId, Instant at);

    /** Every status a delivery can have. */
    java.util.List<String> DELIVERY_STATUSES = java.util.List.of("PENDING", "SENDING", "SENT", "SKIPPED", "FAILED");

    /** Newest first; {@code status} (one of {@link #DELIVERY_STATUSES}) and {@code recipientId} narrow the list when not null. */
    PageView<DeliveryView> deliveries(String status, UUID recipientId, PageRequest page);

    /** A FAILED delivery becomes due again; false when there is no failed delivery with that id. */
    boolean retry(UUID deliveryId, Instant now, Instant giveUpAt);

    java.util.Optional<DeliveryView> delivery(UUID deliveryId);

    record DeliveryView(UUID id, UUID notificationId, UUID recipientId, String kind, String channel, String status,
                        int attempts, String lastError, Instant createdAt, Instant nextAttemptAt, Instant finishedAt) {
    }
}
