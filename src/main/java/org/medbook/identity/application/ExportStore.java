package org.medbook.identity.application;

import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/** Personal-data exports as stored: requests, and the built archive (kept encrypted). */
public interface ExportStore {

    void addPending(UUID exportId, UUID userId, Instant requestedAt);

    /** The oldest pending export (fewest failed builds first), locked for the caller's transaction; skipped when another node holds it. */
    Optional<Pending> lockNextPending();

    void ready(UUID exportId, byte[] archive, Instant readyAt, Instant expiresAt);

    /** A build of the export failed: counted, and the export is FAILED after {@code maxAttempts}. */
    void failed(UUID exportId, int maxAttempts);

    /** The user's export, only if it is theirs. */
    Optional<ExportView> find(UUID exportId, UUID userId);

    /** The archive of a ready export of the user that has not expired at {@code now}. */
    Optional<byte[]> archive(UUID exportId, UUID userId, Instant now);

    /** Drops the content of exports past their expiry; returns how many. */
    int expire(Instant now);

    void deleteOf(UUID userId);

    record Pending(UUID exportId, UUID userId) {
    }
}
