package org.medbook.identity.application;

import java.util.UUID;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

/** A signed-in staff member proves their authenticator: to confirm an enrolment or to get new recovery codes. */
public record SecondFactorCodeCommand(@NotNull UUID userId, @NotBlank @Size(max = 32) String code, String clientIp) {
}
