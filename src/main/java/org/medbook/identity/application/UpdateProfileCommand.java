package org.medbook.identity.application;

import java.time.LocalDate;
import java.util.UUID;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/**
 * Fields left null stay as they are. A new e-mail or phone needs the one-time code that was sent
 * to it (POST /api/v1/auth/otp).
 */
public record UpdateProfileCommand(@NotNull UUID userId, @Size(max = 200) String name, LocalDate dateOfBirth,
                                   @Pattern(regexp = "[a-z]{2,3}(-[A-Z]{2})?", message = "must be a language tag such as en or pt-BR")
                                   String preferredLanguage,
                                   @Size(max = 320) String email, @Pattern(regexp = "[0-9]{6}", message = "must be 6 digits") String emailCode,
                                   @Size(max = 32) String phone, @Pattern(regexp = "[0-9]{6}", message = "must be 6 digits") String phoneCode,
                                   String clientIp) {
}
