package org.medbook.audit.application;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

public record AuditEntryView(long id, UUID eventId, Instant occurredAt, UUID actorId, String action, String target,
                             String ip, Map<String, Object> details) {
}
