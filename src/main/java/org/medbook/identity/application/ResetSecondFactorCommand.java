package org.medbook.identity.application;

import java.util.UUID;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

import org.medbook.shared.Caller;

/** An administrator removes a staff member's second factors (a lost device), saying why. */
public record ResetSecondFactorCommand(@NotNull UUID userId, @NotBlank @Size(max = 500) String reason,
                                       @NotNull Caller actor) {
}
