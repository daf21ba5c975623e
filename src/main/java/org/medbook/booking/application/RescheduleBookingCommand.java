package org.medbook.booking.application;

import java.time.Instant;
import java.util.Objects;

import org.medbook.booking.AppointmentId;
import org.medbook.shared.Caller;

/** The booking's patient, its doctor or the back office moves it to another slot of the same doctor and type. */
public record RescheduleBookingCommand(AppointmentId bookingId, Instant newStart, Caller caller) {

    public RescheduleBookingCommand {
        Objects.requireNonNull(bookingId, "booking");
        Objects.requireNonNull(newStart, "new start");
        Objects.requireNonNull(caller, "caller");
    }
}
