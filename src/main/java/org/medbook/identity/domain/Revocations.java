package org.medbook.identity.domain;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** The revocations every node keeps in memory, as stored: the source a node fills its copy from. */
public interface Revocations {

    /** Stores them in the caller's transaction; every node hears of them once it commits. */
    void record(List<Revocation> revocations);

    /** Every revocation still needed at {@code now}. */
    List<Revocation> active(Instant now);

    /** Those stored within the last {@code window} (by the database's clock), for the safety poll. */
    List<Revocation> recordedWithin(Duration window);

    /** Removes those no longer needed; returns how many. */
    int purge(Instant now);
}
