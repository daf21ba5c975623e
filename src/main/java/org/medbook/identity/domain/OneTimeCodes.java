package org.medbook.identity.domain;

import java.time.Instant;
import java.util.Optional;

public interface OneTimeCodes {

    /** Stores a new code for the destination, replacing any earlier one. */
    void replace(Destination destination, String code, Instant expiresAt, Instant now);

    /** Locks and returns the destination's live code (within the caller's transaction). */
    Optional<StoredCode> lock(Destination destination);

    /** The keyed hash a presented code must match. */
    byte[] hashOf(Destination destination, String code);

    void recordFailedAttempt(Destination destination);

    void remove(Destination destination);
}
