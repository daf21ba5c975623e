package org.medbook.notifications.application;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonInclude;

/** An in-app notification as its recipient sees it (REST and {@code /user/queue/notifications}). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record NotificationView(UUID id, String kind, String category, String title, String body,
                               Map<String, Object> data, Instant createdAt, Instant readAt) {
}
