package org.medbook.notifications;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import org.medbook.shared.AuditableEvent;

/** Facts the notifications module publishes: staff actions on deliveries, for the audit trail. */
public final class NotificationEvents {

    private NotificationEvents() {
    }

    public record DeliveryRetried(UUID eventId, Instant occurredAt, UUID actorId, UUID deliveryId, String channel,
                                  String clientIp) implements AuditableEvent {
        public String action() { return "notification.retried"; }
        public String target() { return "delivery:" + deliveryId; }
        public Map<String, Object> details() { return Map.of("channel", channel); }
    }
}
