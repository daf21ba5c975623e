package org.medbook.doctors.domain;

import java.time.DayOfWeek;
import java.time.LocalTime;
import java.util.UUID;

import org.medbook.doctors.ConsultationType;

/** Every {@code day}, from {@code start} to {@code end} wall-clock time in the doctor's zone. */
public record WeeklyRule(DayOfWeek day, LocalTime start, LocalTime end, int slotMinutes, int bufferMinutes,
                         ConsultationType type, UUID locationId) {

    public WeeklyRule {
        if (day == null || type == null) {
            throw Window.invalid("A weekly rule needs a dayOfWeek and a type");
        }
        Window.validate(start, end, slotMinutes, bufferMinutes);
        Window.validatePlace(type, locationId);
    }

    Window window() {
        return new Window(start, end, slotMinutes, bufferMinutes, type, locationId);
    }
}
