package org.medbook.doctors;

import java.time.Instant;
import java.util.Objects;

/** A half-open interval of time [start, end). */
public record TimeRange(Instant start, Instant end) {

    public TimeRange {
        Objects.requireNonNull(start);
        Objects.requireNonNull(end);
        if (!end.isAfter(start)) {
            throw new IllegalArgumentException("a time range ends after it starts");
        }
    }

    public boolean overlaps(Instant otherStart, Instant otherEnd) {
        return start.isBefore(otherEnd) && otherStart.isBefore(end);
    }
}
