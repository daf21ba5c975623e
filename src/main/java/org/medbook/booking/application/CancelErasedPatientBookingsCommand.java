package org.medbook.booking.application;

import java.util.Objects;

import org.medbook.identity.UserId;

/** The patient's account is being erased: their future bookings are to be cancelled. */
public record CancelErasedPatientBookingsCommand(UserId patientId) {

    public CancelErasedPatientBookingsCommand {
        Objects.requireNonNull(patientId, "patient");
    }
}
