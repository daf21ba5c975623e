package org.medbook.visits.application;

import java.util.Objects;
import java.util.UUID;

public record AdmitPatientCommand(UUID bookingId, UUID doctorId) {

    public AdmitPatientCommand {
        Objects.requireNonNull(bookingId);
        Objects.requireNonNull(doctorId);
    }
}
