package org.medbook.reviews.application;

import java.util.Objects;
import java.util.UUID;

/** Staff hide ({@code hide = true}) or restore a review, always with a reason. */
public record ModerateReviewCommand(UUID reviewId, boolean hide, String reason, UUID actorId, String clientIp) {

    public ModerateReviewCommand {
        Objects.requireNonNull(reviewId);
        Objects.requireNonNull(actorId);
    }
}
