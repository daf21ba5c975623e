package org.medbook.notifications.application;

import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.medbook.notifications.domain.Kind;

/** One push provider (FCM, Web Push): sends one message to one device and says what became of it. */
public interface PushGateway {

    Device.Platform platform();

    /** Why devices of this platform cannot be served on this server, or empty when they can. */
    Optional<String> unavailable();

    /** Never throws and never waits longer than the configured timeouts. */
    Outcome send(Device device, PushMessage message);

    /**
     * @param data   string facts for the app (kind, notificationId, bookingId ...), never personal data
     * @param urgent about a visit: push services should wake the device now
     */
    record PushMessage(UUID notificationId, Kind kind, String title, String body, Map<String, String> data,
                       boolean urgent) {
    }

    sealed interface Outcome {

        /** The push service accepted the message for the device. */
        record Served() implements Outcome {
        }

        /** The device no longer exists at its push service (unsubscribed, expired, token invalid). */
        record Gone(String reason) implements Outcome {
        }

        /** May pass: timeout, 429, 5xx. */
        record Retry(String reason) implements Outcome {
        }

        /** No retry can fix it: request refused, endpoint refused, credentials rejected. */
        record Failed(String reason) implements Outcome {
        }
    }
}
