package org.medbook.shared.metrics;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;

/** Seconds since an instant read from the database, for "how old is the oldest" and "how late is the earliest due" gauges. */
public final class Ages {

    private Ages() {
    }

    /** The instant in a column, or null when the column is null (nothing is waiting). */
    public static Instant instant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }

    /** Seconds from {@code since} to now, never negative; 0 when nothing is waiting. */
    public static double secondsSince(Instant since, Clock clock) {
        if (since == null) {
            return 0;
        }
        long millis = clock.millis() - since.toEpochMilli();
        return millis <= 0 ? 0 : millis / 1000.0;
    }
}
