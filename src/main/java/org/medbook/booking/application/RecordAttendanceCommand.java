package org.medbook.booking.application;

import java.util.Objects;

import org.medbook.booking.AppointmentId;
import org.medbook.shared.Caller;

/** The booking's doctor (or the back office) records that a started visit took place, or that the patient did not come. */
public record RecordAttendanceCommand(AppointmentId bookingId, boolean showedUp, Caller caller) {

    public RecordAttendanceCommand {
        Objects.requireNonNull(bookingId, "booking");
        Objects.requireNonNull(caller, "caller");
    }
}
