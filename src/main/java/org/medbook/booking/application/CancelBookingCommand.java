package org.medbook.booking.application;

import java.util.Objects;

import org.medbook.booking.AppointmentId;
import org.medbook.shared.Caller;

/** The booking's patient, its doctor or the back office cancels it; {@code reason} may be null. */
public record CancelBookingCommand(AppointmentId bookingId, String reason, Caller caller) {

    public CancelBookingCommand {
        Objects.requireNonNull(bookingId, "booking");
        Objects.requireNonNull(caller, "caller");
    }
}
