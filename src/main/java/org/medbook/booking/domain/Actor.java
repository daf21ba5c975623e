package org.medbook.booking.domain;

/** Who acts on a booking; the rules differ for each. */
public enum Actor {
    PATIENT,
    DOCTOR,
    STAFF,
    SYSTEM
}
