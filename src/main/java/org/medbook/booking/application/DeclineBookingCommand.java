package org.medbook.booking.application;

import java.util.Objects;

import org.medbook.booking.AppointmentId;
import org.medbook.shared.Caller;

/** The booking's doctor (or the back office) declines a booking that awaits approval; {@code reason} may be null. */
public record DeclineBookingCommand(AppointmentId bookingId, String reason, Caller caller) {

    public DeclineBookingCommand {
        Objects.requireNonNull(bookingId, "booking");
        Objects.requireNonNull(caller, "caller");
    }
}
