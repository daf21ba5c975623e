package org.medbook.booking.domain;

import java.util.Map;

import org.medbook.shared.MedbookException;
import org.medbook.shared.ProblemKind;

/**
 * How much of the calendar one patient may take at once, so that nobody can empty a doctor's
 * schedule (cash bookings cost nothing up front): unpaid online holds, active future bookings with
 * one doctor, and active future bookings in all.
 */
public record BookingLimits(int maxUnpaidHolds, int maxWithDoctor, int maxActive) {

    /**
     * What a patient holds now: unpaid holds, and the active future bookings with the doctor being
     * booked and in all (a rebooking does not count the booking it replaces).
     */
    public record PatientBookings(int unpaidHolds, int withDoctor, int active) {
    }

    public BookingLimits {
        if (maxUnpaidHolds <= 0 || maxWithDoctor <= 0 || maxActive <= 0) {
            throw new IllegalArgumentException("booking limits must be positive");
        }
    }

    /** Refuses one more booking (422) when it would break a limit; the problem type says which. */
    public void allowOneMore(PatientBookings current, boolean onlinePayment) {
        if (onlinePayment && current.unpaidHolds() >= maxUnpaidHolds) {
            throw refusal("too-many-holds", "You have " + maxUnpaidHolds + " unpaid bookings; pay or cancel one first",
                    maxUnpaidHolds);
        }
        if (current.withDoctor() >= maxWithDoctor) {
            throw refusal("too-many-bookings-with-doctor", "You already have " + maxWithDoctor
                    + " upcoming bookings with this doctor; cancel one or wait until one has taken place", maxWithDoctor);
        }
        if (current.active() >= maxActive) {
            throw refusal("too-many-active-bookings", "You already have " + maxActive
                    + " upcoming bookings; cancel one or wait until one has taken place", maxActive);
        }
    }

    private static MedbookException refusal(String slug, String detail, int limit) {
        return new MedbookException(ProblemKind.RULE_BROKEN, slug, detail, Map.of("limit", limit), null);
    }
}
