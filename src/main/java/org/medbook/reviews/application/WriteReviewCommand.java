package org.medbook.reviews.application;

import java.util.Objects;
import java.util.UUID;

/** A patient reviews their completed visit. */
public record WriteReviewCommand(UUID bookingId, UUID patientId, int rating, String text, boolean anonymous) {

    public WriteReviewCommand {
        Objects.requireNonNull(bookingId);
        Objects.requireNonNull(patientId);
    }
}
