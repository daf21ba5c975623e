package org.medbook.identity.application;

import java.util.UUID;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

public record ChangePasswordCommand(@NotNull UUID userId, @NotBlank @Size(max = 1024) String currentPassword,
                                    @NotBlank @Size(max = 1024) String newPassword, String clientIp) {

    @Override
    public String toString() {
        return "ChangePasswordCommand[userId=" + userId + "]";
    }
}
