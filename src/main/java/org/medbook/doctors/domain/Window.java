package org.medbook.doctors.domain;

import java.time.LocalTime;
import java.util.UUID;

import org.medbook.doctors.ConsultationType;
import org.medbook.shared.MedbookException;
import org.medbook.shared.ProblemKind;

/** One stretch of working hours on a date, cut into slots of {@code slotMinutes} + {@code bufferMinutes}. */
record Window(LocalTime start, LocalTime end, int slotMinutes, int bufferMinutes, ConsultationType type,
              UUID locationId) {

    static void validate(LocalTime start, LocalTime end, int slotMinutes, int bufferMinutes) {
        if (start == null || end == null || !end.isAfter(start)) {
            throw invalid("Working hours end after they start");
        }
        if (slotMinutes < 5 || slotMinutes > 480) {
            throw invalid("A slot lasts between 5 and 480 minutes");
        }
        if (bufferMinutes < 0 || bufferMinutes > 240) {
            throw invalid("A buffer lasts between 0 and 240 minutes");
        }
    }

    static void validatePlace(ConsultationType type, UUID locationId) {
        if (type == ConsultationType.IN_PERSON && locationId == null) {
            throw invalid("In-person hours need a locationId");
        }
        if (type == ConsultationType.VIDEO && locationId != null) {
            throw invalid("Video hours have no location");
        }
    }

    static MedbookException invalid(String detail) {
        return new MedbookException(ProblemKind.RULE_BROKEN, "invalid-schedule", detail);
    }

    boolean overlaps(Window other) {
        return start.isBefore(other.end) && other.start.isBefore(end);
    }
}
