package org.medbook.identity.application;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

public record RefreshCommand(@NotBlank @Size(max = 512) String refreshToken, String clientIp) {

    @Override
    public String toString() {
        return "RefreshCommand[refreshToken=***]";
    }
}
