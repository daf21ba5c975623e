package org.medbook.booking;

public enum AppointmentStatus {
    PENDING_PAYMENT,
    PENDING_APPROVAL,
    CONFIRMED,
    CANCELLED,
    COMPLETED,
    NO_SHOW,
    EXPIRED;

    /** Holds the doctor's (and the patient's) time. */
    public boolean active() {
        return this == PENDING_PAYMENT || this == PENDING_APPROVAL || this == CONFIRMED;
    }
}
