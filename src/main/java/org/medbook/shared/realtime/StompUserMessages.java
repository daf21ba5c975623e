package org.medbook.shared.realtime;

import java.util.Objects;
import java.util.UUID;

import org.springframework.messaging.simp.SimpMessageSendingOperations;
import org.springframework.stereotype.Component;

/**
 * Sends through the STOMP broker to {@code /user/<userId>/queue/<queue>}, which reaches every
 * session the user subscribed with {@code /user/queue/<queue>}, on this node or (with the RabbitMQ
 * relay) on any other. The payload is written as JSON by the application's JSON mapper.
 */
@Component
class StompUserMessages implements UserMessages {

    private final SimpMessageSendingOperations messaging;

    StompUserMessages(SimpMessageSendingOperations messaging) {
        this.messaging = messaging;
    }

    @Override
    public void send(UUID userId, String queue, Object payload) {
        Objects.requireNonNull(userId, "userId");
        Objects.requireNonNull(payload, "payload");
        messaging.convertAndSendToUser(userId.toString(), Destinations.userQueue(queue), payload);
    }
}
