package org.medbook.audit.application;

import org.medbook.shared.AuditableEvent;
import org.springframework.modulith.events.ApplicationModuleListener;
import org.springframework.stereotype.Component;

/**
 * Records every auditable event after the transaction that raised it commits. The outbox
 * (event publication registry) redelivers it if this fails, and the append is idempotent.
 */
@Component
class AuditRecorder {

    private final AuditTrail trail;

    AuditRecorder(AuditTrail trail) {
        this.trail = trail;
    }

    @ApplicationModuleListener
    void on(AuditableEvent event) {
        trail.append(event);
    }
}
