package org.medbook.identity.application;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

public record PasswordSignInCommand(@NotBlank @Size(max = 320) String email,
                                    @NotBlank @Size(max = 1024) String password, String clientIp) {

    @Override
    public String toString() {
        return "PasswordSignInCommand[email=" + email + ", password=***]";
    }
}
