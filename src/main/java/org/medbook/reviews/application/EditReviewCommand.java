package org.medbook.reviews.application;

import java.util.Objects;
import java.util.UUID;

/** The author changes the review of a visit while the edit window lasts. */
public record EditReviewCommand(UUID bookingId, UUID patientId, int rating, String text, boolean anonymous) {

    public EditReviewCommand {
        Objects.requireNonNull(bookingId);
        Objects.requireNonNull(patientId);
    }
}
