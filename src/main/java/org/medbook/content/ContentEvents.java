package org.medbook.content;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import org.medbook.shared.AuditableEvent;

/** Back-office changes to content and users' acceptances of policies, for the audit trail. */
public final class ContentEvents {

    private ContentEvents() {
    }

    /** {@code change} is created, updated or deleted. */
    public record FaqChanged(UUID eventId, Instant occurredAt, UUID faqId, String change, UUID actorId, String clientIp)
            implements AuditableEvent {
        public String action() { return "faq." + change; }
        public String target() { return "faq:" + faqId; }
    }

    public record PolicyPublished(UUID eventId, Instant occurredAt, String kind, int version, String language,
                                  Instant effectiveFrom, UUID actorId, String clientIp) implements AuditableEvent {
        public String action() { return "policy.published"; }
        public String target() { return "policy:" + kind + ":" + version; }
        public Map<String, Object> details() {
            return Map.of("language", language, "effectiveFrom", effectiveFrom.toString());
        }
    }

    public record PolicyAccepted(UUID eventId, Instant occurredAt, String kind, int version, UUID actorId,
                                 String clientIp) implements AuditableEvent {
        public String action() { return "policy.accepted"; }
        public String target() { return "policy:" + kind + ":" + version; }
    }
}
