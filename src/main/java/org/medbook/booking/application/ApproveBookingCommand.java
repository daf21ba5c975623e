package org.medbook.booking.application;

import java.util.Objects;

import org.medbook.booking.AppointmentId;
import org.medbook.shared.Caller;

/** The booking's doctor (or the back office) approves a booking that awaits approval. */
public record ApproveBookingCommand(AppointmentId bookingId, Caller caller) {

    public ApproveBookingCommand {
        Objects.requireNonNull(bookingId, "booking");
        Objects.requireNonNull(caller, "caller");
    }
}
