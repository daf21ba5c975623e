package org.medbook.shared.retention;

import java.time.Instant;

/**
 * One kind of data that outlives its purpose, purged by the module that owns its tables. A module
 * makes a bean of this type and names its age under {@code medbook.retention.ages}; the retention
 * job calls it in batches, each batch in a transaction of its own, on one node at a time.
 */
public interface RetentionTarget {

    /** The key of this target's age in {@code medbook.retention.ages}, e.g. {@code one-time-codes}. */
    String name();

    /**
     * Deletes at most {@code batch} rows whose purpose ended before {@code before} (expired, revoked,
     * completed: each target says which instant counts) and returns how many it deleted. Fewer than
     * {@code batch} tells the job that this target is done for now.
     */
    int purge(Instant before, int batch);
}
