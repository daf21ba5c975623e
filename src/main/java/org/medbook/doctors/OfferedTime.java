package org.medbook.doctors;

import java.util.List;

/**
 * A doctor and the slots their rules, overrides, time off, notice and horizon offer, booked or not
 * (none unless the doctor is bookable): for read models that subtract booked time themselves, so
 * that a booking need not touch them.
 */
public record OfferedTime(DoctorSnapshot doctor, List<FreeSlot> slots) {
}
