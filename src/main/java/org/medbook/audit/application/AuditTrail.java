package org.medbook.audit.application;

import java.time.Instant;
import java.util.UUID;

import org.medbook.shared.AuditableEvent;
import org.medbook.shared.PageRequest;
import org.medbook.shared.PageView;

/** The stored trail: append and read, nothing else. */
public interface AuditTrail {

    /** Appends the event once; a redelivered event changes nothing. */
    void append(AuditableEvent event);

    record Filter(UUID actorId, UUID patientId, String action, String target, Instant from, Instant to) {
    }

    PageView<AuditEntryView> search(Filter filter, PageRequest page);
}
