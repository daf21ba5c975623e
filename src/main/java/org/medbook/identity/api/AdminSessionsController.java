package org.medbook.identity.api;

import java.util.List;
import java.util.UUID;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

import org.medbook.identity.application.SessionView;
import org.medbook.identity.application.UserSessionsHandler;
import org.medbook.shared.Caller;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1/admin/users/{id}/sessions")
@Tag(name = "Back office: users", description = "Staff accounts, helper permissions, suspension")
class AdminSessionsController {

    private final UserSessionsHandler sessions;

    AdminSessionsController(UserSessionsHandler sessions) {
        this.sessions = sessions;
    }

    @Operation(summary = "A user's live sessions (sign-ins whose refresh token still works)")
    @GetMapping
    @PreAuthorize("hasAuthority('users:manage')")
    List<SessionView> list(@PathVariable UUID id) {
        return sessions.list(id);
    }

    @Operation(summary = "End every session of a user: refresh tokens stop at once, access tokens are refused")
    @DeleteMapping
    @PreAuthorize("hasAuthority('users:manage')")
    ResponseEntity<Void> revokeAll(@PathVariable UUID id, Caller caller) {
        sessions.revokeAll(id, caller);
        return ResponseEntity.noContent().build();
    }

    @Operation(summary = "End one session of a user")
    @DeleteMapping("/{sessionId}")
    @PreAuthorize("hasAuthority('users:manage')")
    ResponseEntity<Void> revoke(@PathVariable UUID id, @PathVariable UUID sessionId, Caller caller) {
        sessions.revoke(id, sessionId, caller);
        return ResponseEntity.noContent().build();
    }
}
