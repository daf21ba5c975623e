package org.medbook.doctors.domain;

import java.time.LocalDate;
import java.time.LocalTime;
import java.util.UUID;

import org.medbook.doctors.ConsultationType;

/**
 * Different hours on one date. Without start and end the doctor does not work that day. Slot
 * length, buffer, type and location default to that weekday's first rule when left out.
 */
public record DateOverride(LocalDate date, LocalTime start, LocalTime end, Integer slotMinutes, Integer bufferMinutes,
                           ConsultationType type, UUID locationId) {

    public DateOverride {
        if (date == null) {
            throw Window.invalid("An override needs a date");
        }
        if ((start == null) != (end == null)) {
            throw Window.invalid("An override has both start and end, or neither (closed all day)");
        }
        if (start != null && !end.isAfter(start)) {
            throw Window.invalid("An override ends after it starts");
        }
    }

    public static DateOverride closed(LocalDate date) {
        return new DateOverride(date, null, null, null, null, null, null);
    }

    public boolean closedAllDay() {
        return start == null;
    }
}
