package org.medbook.identity.application;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

/** The second step of a staff sign-in: the challenge from the password step and an authenticator or recovery code. */
public record SecondFactorSignInCommand(@NotBlank @Size(max = 128) String mfaToken, @NotBlank @Size(max = 32) String code,
                                        String clientIp) {
}
