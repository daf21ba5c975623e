package org.medbook.booking.application;

import java.time.Instant;
import java.util.UUID;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

import org.medbook.doctors.ConsultationType;
import org.medbook.payments.PaymentMethod;

public record BookAppointmentCommand(@NotNull UUID patientId, @NotNull UUID doctorId, @NotNull Instant start,
                                     @NotNull ConsultationType type, UUID locationId, @NotNull PaymentMethod paymentMethod,
                                     @Size(max = 2000) String reason, UUID rebookedFrom) {
}
