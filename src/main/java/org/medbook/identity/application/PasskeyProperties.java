package org.medbook.identity.application;

import java.net.URI;
import java.time.Duration;
import java.util.List;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Passkeys (WebAuthn) of staff members, under {@code medbook.identity.passkeys}.
 *
 * @param origins     the origins (scheme, host, port) whose pages may use the passkeys; by default the
 *                    public URL Medbook is opened at
 * @param rpId        the relying party id: the domain passkeys are bound to; by default the host of the
 *                    first origin. It must be that host or a registrable suffix of it
 * @param rpName      the name an authenticator shows beside the passkey
 * @param ceremonyTtl how long the options of one registration or sign-in stay good for the answer
 */
@Validated
@ConfigurationProperties("medbook.identity.passkeys")
public record PasskeyProperties(List<String> origins, String rpId, @NotBlank @DefaultValue("Medbook") String rpName,
                                @NotNull @DefaultValue("PT5M") Duration ceremonyTtl) {

    public PasskeyProperties {
        origins = origins == null ? List.of() : origins.stream().map(String::strip).filter(origin -> !origin.isEmpty())
                .map(PasskeyProperties::withoutTrailingSlash).toList();
        if (origins.isEmpty()) {
            origins = List.of("http://localhost:8080");
        }
        if (rpId == null || rpId.isBlank()) {
            rpId = URI.create(origins.getFirst()).getHost();
        }
        if (rpId == null || rpId.isBlank()) {
            throw new IllegalArgumentException("medbook.identity.passkeys: no relying party id, and the first origin has no host");
        }
        rpId = rpId.strip();
    }

    private static String withoutTrailingSlash(String origin) {
        String result = origin;
        while (result.endsWith("/")) {
            result = result.substring(0, result.length() - 1);
        }
        return result;
    }
}
