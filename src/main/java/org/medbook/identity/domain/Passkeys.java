package org.medbook.identity.domain;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.medbook.identity.UserId;

/** Staff members' passkeys and their WebAuthn user handles. */
public interface Passkeys {

    /** The user's WebAuthn user handle, made (random) and kept on first use. */
    byte[] userHandle(UserId userId, byte[] fresh);

    Optional<UserId> userOfHandle(byte[] userHandle);

    Optional<byte[]> handleOf(UserId userId);

    void add(Passkey passkey);

    Optional<Passkey> findByCredentialId(byte[] credentialId);

    /** The passkey, its row locked for the caller's transaction (two assertions never race on its counter). */
    Optional<Passkey> lockByCredentialId(byte[] credentialId);

    /** Stores a use: the new counter and the time. */
    void recordUse(Passkey used);

    List<Passkey> of(UserId userId);

    boolean hasAny(UserId userId);

    /** Deletes one passkey of the user; false when the user has no such passkey. */
    boolean delete(UserId userId, UUID passkeyId);

    /** Deletes every passkey of the user; returns how many there were. */
    int deleteAll(UserId userId);

    /** Forgets the user's WebAuthn user handle (the account is erased): nothing links an authenticator to them. */
    void forgetUserHandle(UserId userId);
}
