/**
 * The append-only audit trail. It records every {@link org.medbook.shared.AuditableEvent} any
 * module publishes, and every read of a patient's data that a module reports through
 * {@link org.medbook.audit.PatientDataAccess}; a patient's own view of the latter is
 * {@link org.medbook.audit.PatientAccessLog}. It depends on no module but the shared kernel, so
 * any module may call it.
 */
@ApplicationModule(displayName = "Audit", allowedDependencies = "shared :: *")
package org.medbook.audit;

import org.springframework.modulith.ApplicationModule;
