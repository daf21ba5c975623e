package org.medbook.doctors;

import java.util.Objects;
import java.util.UUID;

/** One of a doctor's practice locations, as commands name it. */
public record LocationId(UUID value) {

    public LocationId {
        Objects.requireNonNull(value, "location id");
    }

    @Override
    public String toString() {
        return value.toString();
    }
}
