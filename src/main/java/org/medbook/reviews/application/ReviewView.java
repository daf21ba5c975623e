package org.medbook.reviews.application;

import java.time.Instant;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * A review as its reader may see it. The public sees the author as a first name and initial (or
 * "Anonymous"); the author, the doctor and moderators also see booking, edit window and moderation.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ReviewView(UUID id, UUID doctorId, UUID bookingId, int rating, String text, String author,
                         Boolean anonymous, boolean verifiedVisit, Instant createdAt, Instant updatedAt, Reply reply,
                         Instant editableUntil, Boolean hidden, String hiddenReason, Integer reports) {

    public record Reply(String text, Instant repliedAt) {
    }
}
