package org.medbook.reviews.application;

import java.time.Instant;
import java.util.UUID;

/** A stored review as the read side loads it, with the number of reports against it. */
public record ReviewRow(UUID id, UUID bookingId, UUID doctorId, UUID patientId, int rating, String text,
                        boolean anonymous, Instant createdAt, Instant updatedAt, String replyText, Instant repliedAt,
                        boolean hidden, String hiddenReason, int reports) {
}
