package org.medbook.notifications.domain;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Optional;

/**
 * A daily span of wall-clock time in the user's zone when e-mail, SMS and push wait. It may cross
 * midnight (22:00-07:00). Wall-clock ends are resolved per date, so DST days are right.
 */
public record QuietHours(LocalTime start, LocalTime end) {

    public QuietHours {
        if (start == null || end == null) {
            throw new IllegalArgumentException("quietHours needs a start and an end");
        }
        if (start.equals(end)) {
            throw new IllegalArgumentException("quietHours start and end must differ");
        }
    }

    /** When the quiet span around {@code now} ends, or empty when {@code now} is not quiet. */
    public Optional<Instant> endOfQuietAt(Instant now, ZoneId zone) {
        ZonedDateTime local = now.atZone(zone);
        LocalDate today = local.toLocalDate();
        LocalTime time = local.toLocalTime();
        if (start.isBefore(end)) {
            return !time.isBefore(start) && time.isBefore(end) ? Optional.of(at(today, end, zone)) : Optional.empty();
        }
        if (!time.isBefore(start)) {
            return Optional.of(at(today.plusDays(1), end, zone));
        }
        if (time.isBefore(end)) {
            return Optional.of(at(today, end, zone));
        }
        return Optional.empty();
    }

    private static Instant at(LocalDate date, LocalTime time, ZoneId zone) {
        return ZonedDateTime.of(date, time, zone).toInstant();
    }
}
