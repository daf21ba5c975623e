package org.medbook.visits;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import org.medbook.shared.AuditableEvent;

/** Facts about video visits, for the audit trail. */
public final class VisitEvents {

    private VisitEvents() {
    }

    /** A patient or doctor joined the visit of a booking (each join, reconnects included). */
    public record ParticipantJoined(UUID eventId, Instant occurredAt, UUID bookingId, UUID actorId, String role,
                                    String clientIp) implements AuditableEvent {
        public String action() { return "visit.joined"; }
        public String target() { return "booking:" + bookingId; }
        public Map<String, Object> details() { return Map.of("role", role); }
    }

    /** The doctor ended the visit for both. */
    public record VisitEnded(UUID eventId, Instant occurredAt, UUID bookingId, UUID actorId, String clientIp)
            implements AuditableEvent {
        public String action() { return "visit.ended"; }
        public String target() { return "booking:" + bookingId; }
    }
}
