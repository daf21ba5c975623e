package org.medbook.notifications.api;

import java.util.UUID;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

import org.medbook.notifications.application.Inbox;
import org.medbook.notifications.application.InboxHandler;
import org.medbook.shared.Caller;
import org.medbook.shared.PageRequest;
import org.medbook.shared.PageView;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1/admin/notifications")
@Tag(name = "Back office: notifications", description = "Deliveries that failed for good, and their retry")
class AdminNotificationsController {

    private final InboxHandler inbox;

    AdminNotificationsController(InboxHandler inbox) {
        this.inbox = inbox;
    }

    @Operation(summary = "Deliveries (e-mail, SMS, push), optionally by status and recipient, newest first")
    @GetMapping
    @PreAuthorize("hasAuthority('notifications:manage')")
    PageView<Inbox.DeliveryView> deliveries(@RequestParam(required = false) String status,
            @RequestParam(required = false) UUID recipientId, @RequestParam(defaultValue = "0") int page,
            @RequestParam(defaultValue = "20") int size, Caller caller) {
        return inbox.deliveries(status, recipientId, new PageRequest(page, size), caller);
    }

    @Operation(summary = "Send a FAILED delivery again")
    @PostMapping("/{id}/retry")
    @PreAuthorize("hasAuthority('notifications:manage')")
    Inbox.DeliveryView retry(@PathVariable UUID id, Caller caller) {
        return inbox.retry(id, caller);
    }
}
