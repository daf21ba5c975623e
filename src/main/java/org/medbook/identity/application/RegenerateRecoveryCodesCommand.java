package org.medbook.identity.application;

import java.util.UUID;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

/**
 * A signed-in staff member asks for new recovery codes, proving it is them with exactly one of a current
 * authenticator code or their current password (the only proof a member with passkeys alone can give here).
 */
public record RegenerateRecoveryCodesCommand(@NotNull UUID userId, @Size(max = 32) String code,
                                             @Size(max = 1024) String currentPassword, String clientIp) {

    public RegenerateRecoveryCodesCommand {
        if (blank(code) == blank(currentPassword)) {
            throw new IllegalArgumentException("exactly one of an authenticator code and the current password");
        }
    }

    boolean withPassword() {
        return !blank(currentPassword);
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }
}
