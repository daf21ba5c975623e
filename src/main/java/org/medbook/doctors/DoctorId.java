package org.medbook.doctors;

import java.util.Objects;
import java.util.UUID;

/**
 * A doctor, as commands name one. It is the doctor's user id; its own type keeps it from being swapped
 * with the patient's in a command.
 */
public record DoctorId(UUID value) {

    public DoctorId {
        Objects.requireNonNull(value, "doctor id");
    }

    @Override
    public String toString() {
        return value.toString();
    }
}
