package org.medbook.identity.application;

import java.util.Objects;
import java.util.UUID;

public record RequestExportCommand(UUID userId, String clientIp) {

    public RequestExportCommand {
        Objects.requireNonNull(userId, "user id");
    }
}
