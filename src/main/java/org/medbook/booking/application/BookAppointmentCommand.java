package org.medbook.booking.application;

import java.time.Instant;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

import org.medbook.booking.AppointmentId;
import org.medbook.doctors.ConsultationType;
import org.medbook.doctors.DoctorId;
import org.medbook.doctors.LocationId;
import org.medbook.identity.UserId;
import org.medbook.payments.PaymentMethod;

/** A patient books a slot of a doctor; {@code rebookedFrom} names the booking a rebooking follows, or is null. */
public record BookAppointmentCommand(@NotNull UserId patientId, @NotNull DoctorId doctorId, @NotNull Instant start,
                                     @NotNull ConsultationType type, LocationId locationId,
                                     @NotNull PaymentMethod paymentMethod, @Size(max = 2000) String reason,
                                     AppointmentId rebookedFrom) {
}
