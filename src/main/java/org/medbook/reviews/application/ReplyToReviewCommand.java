package org.medbook.reviews.application;

import java.util.Objects;
import java.util.UUID;

public record ReplyToReviewCommand(UUID reviewId, UUID doctorId, String text) {

    public ReplyToReviewCommand {
        Objects.requireNonNull(reviewId);
        Objects.requireNonNull(doctorId);
    }
}
