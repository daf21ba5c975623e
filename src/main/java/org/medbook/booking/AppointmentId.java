package org.medbook.booking;

import java.util.Objects;
import java.util.UUID;

/** One appointment (a booking), as commands name it; the API and the database speak its plain UUID. */
public record AppointmentId(UUID value) {

    public AppointmentId {
        Objects.requireNonNull(value, "appointment id");
    }

    @Override
    public String toString() {
        return value.toString();
    }
}
