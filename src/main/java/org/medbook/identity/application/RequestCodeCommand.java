package org.medbook.identity.application;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

import org.medbook.identity.domain.Channel;

public record RequestCodeCommand(@NotNull Channel channel, @NotBlank @Size(max = 320) String destination,
                                 String clientIp) {
}
