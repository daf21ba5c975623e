package org.medbook.doctors.application;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonInclude;

import org.medbook.doctors.ConsultationType;

/** Free slots, each with the offset of the doctor's zone at that instant, plus the zone itself. */
public record SlotsView(UUID doctorId, String zone, List<Slot> slots) {

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Slot(OffsetDateTime start, OffsetDateTime end, ConsultationType type, UUID locationId) {
    }
}
