package org.medbook.identity.application;

import java.util.UUID;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

/** A staff member removes their own authenticator app, proving it is them with their current password. */
public record RemoveAuthenticatorCommand(@NotNull UUID userId, @NotBlank @Size(max = 1024) String currentPassword,
                                         String clientIp) {
}
