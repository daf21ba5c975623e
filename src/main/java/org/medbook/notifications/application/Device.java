package org.medbook.notifications.application;

import java.time.Instant;
import java.util.UUID;

/**
 * A place a user's push notifications go: an FCM registration token, or a Web Push subscription
 * (its endpoint, the browser's P-256 key {@code p256dh} and the {@code auth} secret, base64url).
 */
public record Device(UUID id, UUID userId, Platform platform, String address, String p256dh, String auth,
                     Instant createdAt) {

    public enum Platform {
        FCM,
        WEB_PUSH
    }

    /** What the owner sees: never the token, the endpoint or the keys. */
    public DeviceView view() {
        return new DeviceView(id, platform, createdAt);
    }

    public record DeviceView(UUID id, Platform platform, Instant createdAt) {
    }
}
