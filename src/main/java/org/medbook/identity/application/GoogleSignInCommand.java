package org.medbook.identity.application;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

public record GoogleSignInCommand(@NotBlank @Size(max = 8192) String idToken, @Size(max = 256) String nonce,
                                  String clientIp) {
}
