package org.medbook.identity.api;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

import org.medbook.identity.application.AccessLogQueries;
import org.medbook.shared.Caller;
import org.medbook.shared.PageRequest;
import org.medbook.shared.PageView;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@Tag(name = "Me", description = "The caller's own account")
class AccessLogController {

    private final AccessLogQueries accessLog;

    AccessLogController(AccessLogQueries accessLog) {
        this.accessLog = accessLog;
    }

    @Operation(summary = "Who read my data and when, newest first: the reader's role, a doctor's name, the kind of data "
            + "and the reason they gave (staff are named only where the platform is configured to)")
    @GetMapping("/api/v1/me/access-log")
    @PreAuthorize("hasRole('PATIENT')")
    PageView<AccessLogQueries.AccessLogView> accessLog(@RequestParam(defaultValue = "0") int page,
            @RequestParam(defaultValue = "20") int size, Caller caller) {
        return accessLog.of(caller.userId(), new PageRequest(page, size));
    }
}
