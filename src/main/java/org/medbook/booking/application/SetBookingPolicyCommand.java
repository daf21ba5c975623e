package org.medbook.booking.application;

import java.util.Objects;

import org.medbook.booking.domain.BookingPolicy;
import org.medbook.doctors.DoctorId;

/** A doctor sets the terms their new bookings are made under. */
public record SetBookingPolicyCommand(DoctorId doctorId, BookingPolicy policy) {

    public SetBookingPolicyCommand {
        Objects.requireNonNull(doctorId, "doctor");
        Objects.requireNonNull(policy, "policy");
    }
}
