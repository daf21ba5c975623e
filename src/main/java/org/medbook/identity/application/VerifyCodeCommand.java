package org.medbook.identity.application;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

public record VerifyCodeCommand(@NotBlank @Size(max = 320) String destination,
                                @NotBlank @Pattern(regexp = "[0-9]{6}", message = "must be 6 digits") String code,
                                String clientIp) {
}
