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
@Tag(name = "Back office: audit", description = "The append-only trail of security events")
class AuditController {

    private final AuditQueries queries;

    AuditController(AuditQueries queries) {
        this.queries = queries;
    }

    @Operation(summary = "Page through the audit trail, newest first")
    @GetMapping
    @PreAuthorize("hasAuthority('audit:read')")
    PageView<AuditEntryView> search(@RequestParam(required = false) UUID actorId,
            @RequestParam(required = false) String action, @RequestParam(required = false) String target,
            @RequestParam(required = false) OffsetDateTime from, @RequestParam(required = false) OffsetDateTime to,
            @RequestParam(defaultValue = "0") int page, @RequestParam(defaultValue = "50") int size) {
        return queries.search(new AuditTrail.Filter(actorId, action, target, from == null ? null : from.toInstant(),
                to == null ? null : to.toInstant()), new PageRequest(page, size));
    }
}
