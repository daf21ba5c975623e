package org.medbook.identity.domain;

import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

import org.medbook.identity.UserId;

/**
 * WebAuthn ceremonies in progress: the options sent to the browser, under an id, for a few minutes.
 * Taking one removes it, so each challenge is answered at most once, on whichever node.
 */
public interface PasskeyCeremonies {

    enum Purpose { REGISTRATION, AUTHENTICATION }

    /** Starts a ceremony, replacing the user's earlier one of the same purpose. */
    void start(UUID id, UserId userId, Purpose purpose, byte[] challenge, String optionsJson, Instant expiresAt);

    /** The ceremony's options, if it is the user's, of that purpose, unexpired and not yet taken; it is gone after. */
    Optional<String> take(UUID id, UserId userId, Purpose purpose, Instant now);

    /** Ends every ceremony of the user (their second factors were reset). */
    void endAllOf(UserId userId);
}
