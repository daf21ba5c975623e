package org.medbook.reviews.application;

import java.util.Objects;
import java.util.UUID;

/** A patient flags a review for the moderators. */
public record ReportReviewCommand(UUID reviewId, UUID reporterId, String reason, String clientIp) {

    public ReportReviewCommand {
        Objects.requireNonNull(reviewId);
        Objects.requireNonNull(reporterId);
    }
}
