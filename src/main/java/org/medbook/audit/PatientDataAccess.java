package org.medbook.audit;

import java.util.Collection;
import java.util.List;
import java.util.UUID;

import org.medbook.shared.Caller;

/**
 * Records that someone read one or more patients' personal or health data. Call it after the read
 * succeeded, with the patients the answer named. A patient reading their own data is not recorded;
 * the reason comes from the request's {@code X-Access-Reason} header when the caller gave one.
 * Records are written in batches shortly after the call, never in the reader's transaction.
 */
public interface PatientDataAccess {

    /** The request header a reader may send to say why they look. */
    String REASON_HEADER = "X-Access-Reason";

    void record(Caller reader, DataKind kind, Collection<UUID> patientIds);

    default void record(Caller reader, DataKind kind, UUID patientId) {
        record(reader, kind, patientId == null ? List.of() : List.of(patientId));
    }

    /** Writes every record taken so far before returning (shutdown, and tests that read the trail). */
    void flush();
}
