package org.medbook.identity.application;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A passkey just registered; {@code recoveryCodes} holds the ten recovery codes, shown this once, when it
 * is the member's first second factor, and is empty when they already had codes with an earlier one.
 */
public record RegisteredPasskeyView(UUID id, String label, List<String> transports, Instant createdAt,
                                    Instant lastUsedAt, List<String> recoveryCodes) {

    static RegisteredPasskeyView of(PasskeyView passkey, List<String> recoveryCodes) {
        return new RegisteredPasskeyView(passkey.id(), passkey.label(), passkey.transports(), passkey.createdAt(),
                passkey.lastUsedAt(), List.copyOf(recoveryCodes));
    }
}
