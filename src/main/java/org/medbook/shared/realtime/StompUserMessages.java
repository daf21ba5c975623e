package org.medbook.shared.realtime;

import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.messaging.MessagingException;
import org.springframework.messaging.simp.SimpMessageSendingOperations;
import org.springframework.messaging.simp.user.SimpUserRegistry;
import org.springframework.stereotype.Component;

/**
 * Sends through the STOMP broker to {@code /user/<userId>/queue/<queue>}, which reaches every
 * session the user subscribed with {@code /user/queue/<queue>}, on this node or (with the RabbitMQ
 * relay) on any other. The payload is written as JSON by the application's JSON mapper.
 * <p>
 * Best effort, as the port promises: when the broker cannot take the message (RabbitMQ down, so the
 * relay is not connected) it is dropped and logged, never thrown at a caller that has already
 * committed what matters.
 * <p>
 * With the node's own broker ({@link RealtimeProperties.Broker#SIMPLE}) this node holds every socket
 * there is, so a message for a user with none open is not written at all: it would be converted to
 * JSON and routed only to be dropped, and most users are not connected when most notices are made.
 * With the relay a user may be connected to another node, so every message goes to the broker.
 */
@Component
class StompUserMessages implements UserMessages {

    private static final Logger log = LoggerFactory.getLogger(StompUserMessages.class);

    private final SimpMessageSendingOperations messaging;
    /** The users connected to this node, when this node's broker is the only one; null with the relay. */
    private final SimpUserRegistry localUsers;
    private final AtomicBoolean failing = new AtomicBoolean();

    StompUserMessages(SimpMessageSendingOperations messaging, SimpUserRegistry users, RealtimeProperties properties) {
        this.messaging = messaging;
        this.localUsers = properties.broker() == RealtimeProperties.Broker.SIMPLE ? users : null;
    }

    @Override
    public void send(UUID userId, String queue, Object payload) {
        Objects.requireNonNull(userId, "userId");
        Objects.requireNonNull(payload, "payload");
        String destination = Destinations.userQueue(queue);
        if (localUsers != null && localUsers.getUser(userId.toString()) == null) {
            return;
        }
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
