package org.medbook.audit;

import java.time.Instant;
import java.util.UUID;

import org.medbook.shared.PageRequest;
import org.medbook.shared.PageView;

/** Who read one patient's data, newest first: what the patient's own access log is built from. */
public interface PatientAccessLog {

    PageView<Entry> of(UUID patientId, PageRequest page);

    /** @param role the reader's role when they read (ADMIN, HELPER or DOCTOR) */
    record Entry(Instant occurredAt, UUID actorId, String role, DataKind kind, String reason) {
    }
}
