package org.medbook.doctors;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * The doctor's time already taken by appointments. The booking module provides it; until then no
 * time is taken. Slot generation subtracts it, so the seam is one call per slot query.
 */
public interface BookedTimes {

    List<TimeRange> busy(UUID doctorId, Instant from, Instant to);
}
