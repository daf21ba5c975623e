package org.medbook.doctors;

import java.math.BigDecimal;
import java.util.Collection;
import java.util.Map;
import java.util.UUID;

/**
 * A doctor's average rating and number of visible reviews, as the reviews module keeps them. Declared
 * here so the public profile can show them without the doctors module depending on reviews (which
 * depends on bookings, which depend on doctors); the reviews module provides the implementation.
 */
public interface DoctorRatings {

    Rating of(UUID doctorId);

    /** The figures of each of those doctors, {@link Rating#NONE} for one without any, in one read. */
    Map<UUID, Rating> of(Collection<UUID> doctorIds);

    /** @param average one decimal, {@code null} while the doctor has no visible review */
    record Rating(BigDecimal average, int count) {

        public static final Rating NONE = new Rating(null, 0);
    }
}
