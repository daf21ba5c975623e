package org.medbook.visits.application;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * Who was in a visit and when, for the doctor deciding between completed and no-show.
 *
 * @param togetherSeconds  how long patient and doctor were there at the same time
 * @param suggestedOutcome {@code COMPLETED} when that reaches the configured minimum, {@code NO_SHOW}
 *                         when the window has closed and the patient never joined, else null
 */
public record AttendanceView(UUID bookingId, String bookingStatus, String state, long togetherSeconds,
                             long minimumSeconds, String suggestedOutcome, List<Stay> stays) {

    public record Stay(UUID userId, String role, Instant joinedAt, Instant leftAt) {
    }
}
