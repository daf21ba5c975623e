package org.medbook.identity.application;

import java.util.UUID;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

/** The second step of a staff sign-in answered with a passkey: the password step's token and the assertion. */
public record PasskeySignInCommand(@NotBlank @Size(max = 128) String mfaToken, @NotNull UUID ceremonyId,
                                   @NotNull PasskeyRelyingParty.Assertion assertion, String clientIp) {
}
