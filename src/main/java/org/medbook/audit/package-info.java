/**
 * The append-only audit trail. It records every {@link org.medbook.shared.AuditableEvent} any
 * module publishes and depends on no module but the shared kernel.
 */
@ApplicationModule(displayName = "Audit", allowedDependencies = "shared :: *")
package org.medbook.audit;

import org.springframework.modulith.ApplicationModule;
