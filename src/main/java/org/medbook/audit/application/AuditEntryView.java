package org.medbook.audit.application;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/** @param patientId the patient whose data was read, on {@code patient-data.read} entries */
public record AuditEntryView(long id, UUID eventId, Instant occurredAt, UUID actorId, String action, String target,
                             String ip, UUID patientId, Map<String, Object> details) {
}
