package org.medbook.shared.realtime;

import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.messaging.MessagingException;
import org.springframework.messaging.simp.SimpMessageSendingOperations;
import org.springframework.stereotype.Component;

/**
 * Sends through the STOMP broker to {@code /user/<userId>/queue/<queue>}, which reaches every
 * session the user subscribed with {@code /user/queue/<queue>}, on this node or (with the RabbitMQ
 * relay) on any other. The payload is written as JSON by the application's JSON mapper.
 * <p>
 * Best effort, as the port promises: when the broker cannot take the message (RabbitMQ down, so the
 * relay is not connected) it is dropped and logged, never thrown at a caller that has already
 * committed what matters.
 */
@Component
class StompUserMessages implements UserMessages {

    private static final Logger log = LoggerFactory.getLogger(StompUserMessages.class);

    private final SimpMessageSendingOperations messaging;
    private final AtomicBoolean failing = new AtomicBoolean();

    StompUserMessages(SimpMessageSendingOperations messaging) {
        this.messaging = messaging;
    }

    @Override
    public void send(UUID userId, String queue, Object payload) {
        Objects.requireNonNull(userId, "userId");
        Objects.requireNonNull(payload, "payload");
        String destination = Destinations.userQueue(queue);
        try {
            messaging.convertAndSendToUser(userId.toString(), destination, payload);
            if (failing.compareAndSet(true, false)) {
                log.info("Real-time messages are delivered again");
            }
        } catch (MessagingException e) {
            // one warning per outage, not one per message; never the payload (it may be personal)
            String reason = e.getClass().getSimpleName() + ": " + e.getMessage();
            if (failing.compareAndSet(false, true)) {
                log.warn("Real-time message to {} dropped, and further ones until the broker is back: {}", destination, reason);
            } else {
                log.debug("Real-time message to {} dropped: {}", destination, reason);
            }
        }
    }
}
