package org.medbook.identity.application;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.medbook.identity.domain.Passkey;

/** One of the caller's passkeys, as they see it in their list: no key material. */
public record PasskeyView(UUID id, String label, List<String> transports, Instant createdAt, Instant lastUsedAt) {

    static PasskeyView of(Passkey passkey) {
        return new PasskeyView(passkey.id(), passkey.label(), passkey.transports().stream().sorted().toList(),
                passkey.createdAt(), passkey.lastUsedAt());
    }
}
