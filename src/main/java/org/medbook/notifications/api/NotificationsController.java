package org.medbook.notifications.api;

import java.util.Map;
import java.util.UUID;

import jakarta.validation.Valid;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

import org.medbook.notifications.application.InboxHandler;
import org.medbook.notifications.application.NotificationView;
import org.medbook.notifications.application.PreferencesHandler;
import org.medbook.shared.Caller;
import org.medbook.shared.PageRequest;
import org.medbook.shared.PageView;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1")
@Tag(name = "Notifications", description = "The caller's in-app notifications and notification preferences")
class NotificationsController {

    private final InboxHandler inbox;
    private final PreferencesHandler preferences;

    NotificationsController(InboxHandler inbox, PreferencesHandler preferences) {
        this.inbox = inbox;
        this.preferences = preferences;
    }

    @Operation(summary = "My in-app notifications, newest first")
    @GetMapping("/notifications")
    PageView<NotificationView> list(@RequestParam(required = false) Boolean unread,
            @RequestParam(defaultValue = "0") int page, @RequestParam(defaultValue = "20") int size, Caller caller) {
        return inbox.list(caller.userId(), Boolean.TRUE.equals(unread), new PageRequest(page, size));
    }

    @Operation(summary = "How many of my in-app notifications are unread")
    @GetMapping("/notifications/unread-count")
    Map<String, Long> unreadCount(Caller caller) {
        return Map.of("unreadCount", inbox.unreadCount(caller.userId()));
    }

    @Operation(summary = "Mark one of my notifications read")
    @PostMapping("/notifications/{id}/read")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void read(@PathVariable UUID id, Caller caller) {
        inbox.markRead(caller.userId(), id);
    }

    @Operation(summary = "Mark all my notifications read")
    @PostMapping("/notifications/read-all")
    Map<String, Integer> readAll(Caller caller) {
        return Map.of("marked", inbox.markAllRead(caller.userId()));
    }

    @Operation(summary = "My notification preferences: channels per category, quiet hours, time zone")
    @GetMapping("/notification-preferences")
    PreferencesHandler.PreferencesView preferences(Caller caller) {
        return preferences.get(caller.userId());
    }

    @Operation(summary = "Replace my notification preferences (SECURITY cannot be switched off; in-app is always on)")
    @PutMapping("/notification-preferences")
    PreferencesHandler.PreferencesView replace(@Valid @RequestBody PreferencesHandler.PreferencesView body,
            Caller caller) {
        return preferences.replace(caller.userId(), body);
    }
}
