package org.medbook.notifications.application;

import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.medbook.identity.UserContacts;
import org.medbook.notifications.domain.Channel;
import org.medbook.notifications.domain.Kind;

/**
 * Sends deliveries of one channel through a provider. Called after commit, never inside a business
 * transaction, with a batch so a channel can reuse one connection (SMTP) or send in parallel.
 */
public interface ChannelSender {

    Channel channel();

    /** One result per delivery id in the batch. */
    Map<UUID, SendResult> send(List<Outgoing> batch);

    /**
     * One delivery to one recipient.
     *
     * @param sequence    how often this booking changed (calendar SEQUENCE), 0 when not a booking
     * @param secret      a temporary password the e-mail must carry, decrypted only for sending
     * @param doneTargets devices already served by an earlier attempt
     */
    record Outgoing(UUID deliveryId, UUID notificationId, Kind kind, UserContacts.Contact recipient, String title,
                    String body, Map<String, Object> data, Locale locale, ZoneId zone, String secret,
                    Set<String> doneTargets, int attempt, Instant createdAt) {
    }

    sealed interface SendResult {

        /** Delivered; {@code targets} are the devices (or addresses) served so far. */
        record Sent(Set<String> targets) implements SendResult {
        }

        /** Nothing to send to (no e-mail, no verified phone, no device, provider not configured). */
        record Skipped(String reason) implements SendResult {
        }

        /** A failure that may pass (timeout, 5xx, 429); {@code targets} already served are kept. */
        record Retry(String reason, Set<String> targets) implements SendResult {
        }

        /** A failure no retry can fix (address refused, request rejected). */
        record Failed(String reason) implements SendResult {
        }
    }
}
