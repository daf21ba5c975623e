package org.medbook.booking.application;

import java.util.Objects;

import org.medbook.booking.AppointmentId;
import org.medbook.shared.Caller;

/** The booking's doctor or the back office records the cash collected at the visit, or that it was waived. */
public record RecordCashReceivedCommand(AppointmentId bookingId, boolean waived, Caller caller) {

    public RecordCashReceivedCommand {
        Objects.requireNonNull(bookingId, "booking");
        Objects.requireNonNull(caller, "caller");
    }
}
