package org.medbook.identity.application;

import java.util.UUID;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

/** A signed-in staff member answers their registration ceremony with the authenticator's new credential. */
public record RegisterPasskeyCommand(@NotNull UUID userId, @NotNull UUID ceremonyId, @NotBlank @Size(max = 64) String label,
                                     @NotNull PasskeyRelyingParty.Attestation attestation, String clientIp) {
}
