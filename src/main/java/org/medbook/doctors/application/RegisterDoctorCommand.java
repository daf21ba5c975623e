package org.medbook.doctors.application;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import org.medbook.doctors.ConsultationType;
import org.medbook.shared.Money;

public record RegisterDoctorCommand(@NotBlank @Size(max = 200) String name, @NotBlank @Size(max = 320) String email,
                                    @Size(max = 32) String phone, @NotBlank String timeZone,
                                    @NotEmpty List<@NotBlank String> specialties,
                                    @NotEmpty List<@Pattern(regexp = "[a-z]{2,3}", message = "must be an ISO 639 code such as en") String> languages,
                                    @Size(max = 4000) String bio, @NotBlank @Size(max = 100) String licenceNumber,
                                    @NotEmpty List<@NotNull ConsultationType> consultationTypes,
                                    @NotNull Map<ConsultationType, @Valid @NotNull Money> fees,
                                    @NotNull @Size(max = 20) List<@Valid @NotNull NewLocation> locations,
                                    UUID actorId, String clientIp) {
}
