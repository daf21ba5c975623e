package org.medbook.identity.domain;

import java.time.Instant;
import java.util.Set;
import java.util.UUID;

import org.medbook.identity.UserId;

/**
 * A staff member's registered WebAuthn credential. Its public key and attestation stay as the
 * authenticator gave them (COSE and CBOR); the signature counter is what tells a genuine
 * authenticator from a copy of it.
 */
public record Passkey(UUID id, byte[] credentialId, UserId userId, String label, byte[] publicKeyCose,
                      long signCount, Set<String> transports, boolean uvInitialized, boolean backupEligible,
                      boolean backupState, byte[] attestationObject, byte[] attestationClientDataJson,
                      Instant createdAt, Instant lastUsedAt) {

    public Passkey {
        if (signCount < 0) {
            throw new IllegalArgumentException("a signature counter is never negative");
        }
        transports = Set.copyOf(transports);
    }

    /** What a successful assertion presented: accepted, or the sign of a cloned authenticator. */
    public sealed interface Use {
    }

    public record Used(Passkey passkey) implements Use {
    }

    public record CounterWentBack(long stored, long presented) implements Use {
    }

    /**
     * WebAuthn §7.2 step 21: when either counter is non-zero, the presented one must be greater than
     * the stored one; otherwise two authenticators share this key. Two zeros mean an authenticator
     * that keeps no counter (many synced passkeys), which proves nothing either way.
     */
    public Use use(long presentedCount, Instant now) {
        if ((presentedCount != 0 || signCount != 0) && presentedCount <= signCount) {
            return new CounterWentBack(signCount, presentedCount);
        }
        return new Used(new Passkey(id, credentialId, userId, label, publicKeyCose, presentedCount, transports,
                uvInitialized, backupEligible, backupState, attestationObject, attestationClientDataJson, createdAt, now));
    }
}
