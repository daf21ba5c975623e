package org.medbook.identity.application;

import java.util.UUID;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

/** A staff member removes one of their passkeys, proving it is them with their current password. */
public record DeletePasskeyCommand(@NotNull UUID userId, @NotNull UUID passkeyId,
                                   @NotBlank @Size(max = 1024) String currentPassword, String clientIp) {
}
