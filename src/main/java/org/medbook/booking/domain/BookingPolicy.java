package org.medbook.booking.domain;

import org.medbook.shared.MedbookException;
import org.medbook.shared.ProblemKind;

/**
 * A doctor's booking terms: free cancellation (and patient rescheduling) until this many hours
 * before the visit, and whether each booking waits for the doctor's approval. Copied onto every
 * booking when it is made, so a later change never alters a promise already given.
 */
public record BookingPolicy(int freeCancellationHours, boolean requiresApproval) {

    public static final int PLATFORM_MAX_HOURS = 72;

    public BookingPolicy {
        if (freeCancellationHours < 0 || freeCancellationHours > PLATFORM_MAX_HOURS) {
            throw new MedbookException(ProblemKind.RULE_BROKEN, "invalid-policy",
                    "freeCancellationHours must be between 0 and " + PLATFORM_MAX_HOURS);
        }
    }

    public static BookingPolicy platformDefault() {
        return new BookingPolicy(24, false);
    }
}
