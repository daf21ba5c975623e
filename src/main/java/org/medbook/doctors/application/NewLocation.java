package org.medbook.doctors.application;

import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

/** A practice location; given coordinates skip geocoding. */
public record NewLocation(@NotBlank @Size(max = 200) String name, @NotBlank @Size(max = 500) String address,
                          @DecimalMin("-90") @DecimalMax("90") Double latitude,
                          @DecimalMin("-180") @DecimalMax("180") Double longitude) {
}
