package org.medbook.shared;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/**
 * An event that belongs in the audit trail. Modules publish them; the audit module records every
 * one without depending on the module that raised it.
 */
public interface AuditableEvent {

    /** Unique per occurrence, so a redelivered event is recorded once. */
    UUID eventId();

    Instant occurredAt();

    /** Who did it; {@code null} when nobody is signed in (e.g. a failed sign-in). */
    UUID actorId();

    /** A stable name such as {@code sign-in.succeeded}. */
    String action();

    /** What it was done to, e.g. {@code user:<id>}. */
    String target();

    String clientIp();

    /** Extra facts worth keeping; never a secret, code, token or password. */
    default Map<String, Object> details() {
        return Map.of();
    }
}
