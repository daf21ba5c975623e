package org.medbook.audit.api;

import java.time.OffsetDateTime;
import java.util.UUID;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

import org.medbook.audit.application.AuditEntryView;
import org.medbook.audit.application.AuditQueries;
import org.medbook.audit.application.AuditTrail;
import org.medbook.shared.PageRequest;
import org.medbook.shared.PageView;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1/admin/audit")
@Tag(name = "Back office: audit", description = "The append-only trail of security events and of reads of patient data")
class AuditController {

    private final AuditQueries queries;

    AuditController(AuditQueries queries) {
        this.queries = queries;
    }

    @Operation(summary = "Page through the audit trail, newest first",
            description = "actorId: what one user did; patientId: every read of one patient's data "
                    + "(action patient-data.read, details.kind and details.role say what and as whom)")
    @GetMapping
    @PreAuthorize("hasAuthority('audit:read')")
    PageView<AuditEntryView> search(@RequestParam(required = false) UUID actorId,
            @RequestParam(required = false) UUID patientId,
            @RequestParam(required = false) String action, @RequestParam(required = false) String target,
            @RequestParam(required = false) OffsetDateTime from, @RequestParam(required = false) OffsetDateTime to,
            @RequestParam(defaultValue = "0") int page, @RequestParam(defaultValue = "50") int size) {
        return queries.search(new AuditTrail.Filter(actorId, patientId, action, target, from == null ? null : from.toInstant(),
                to == null ? null : to.toInstant()), new PageRequest(page, size));
    }
}
