package org.medbook.reviews;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import org.medbook.shared.AuditableEvent;

/** Facts about reviews, for notifications, the search read model, reporting and the audit trail. */
public final class ReviewEvents {

    private ReviewEvents() {
    }

    /** A patient reviewed a completed visit. */
    public record ReviewPosted(UUID eventId, Instant occurredAt, UUID reviewId, UUID bookingId, UUID doctorId,
                               UUID patientId, int rating) {
    }

    /** The patient changed the rating or text within the edit window. */
    public record ReviewEdited(UUID eventId, Instant occurredAt, UUID reviewId, UUID doctorId, int rating) {
    }

    public record ReviewReplied(UUID eventId, Instant occurredAt, UUID reviewId, UUID doctorId) {
    }

    /** Staff hid or restored a review; {@code hidden} tells which. */
    public record ReviewModerated(UUID eventId, Instant occurredAt, UUID reviewId, UUID doctorId, boolean hidden,
                                  String reason, UUID actorId, String clientIp) implements AuditableEvent {
        public String action() { return hidden ? "review.hidden" : "review.restored"; }
        public String target() { return "review:" + reviewId; }
        public Map<String, Object> details() {
            Map<String, Object> details = new LinkedHashMap<>();
            details.put("doctorId", doctorId.toString());
            details.put("reason", reason);
            return details;
        }
    }

    /** A patient reported a review to the moderators. */
    public record ReviewReported(UUID eventId, Instant occurredAt, UUID reviewId, UUID doctorId, String reason,
                                 UUID actorId, String clientIp) implements AuditableEvent {
        public String action() { return "review.reported"; }
        public String target() { return "review:" + reviewId; }
        public Map<String, Object> details() { return Map.of("reason", reason); }
    }

    /** The doctor's visible reviews changed: the figures as they stand after the change. */
    public record DoctorRatingChanged(UUID eventId, Instant occurredAt, UUID doctorId, BigDecimal average, int count) {
    }

    /** A completed visit's patient is to be invited to review it (once; only while it has no review). */
    public record ReviewInvitationDue(UUID eventId, Instant occurredAt, UUID bookingId, UUID doctorId, UUID patientId) {
    }
}
