package org.medbook.booking.application;

import java.util.Objects;

import org.medbook.identity.UserId;

/** An account is being erased: its future bookings, as a patient and as a doctor, are to be cancelled. */
public record CancelErasedAccountBookingsCommand(UserId accountId) {

    public CancelErasedAccountBookingsCommand {
        Objects.requireNonNull(accountId, "account");
    }
}
