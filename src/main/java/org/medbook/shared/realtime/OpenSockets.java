package org.medbook.shared.realtime;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.annotation.Lazy;
import org.springframework.context.event.EventListener;
import org.springframework.messaging.MessageChannel;
import org.springframework.messaging.simp.stomp.StompCommand;
import org.springframework.messaging.simp.stomp.StompHeaderAccessor;
import org.springframework.messaging.support.MessageBuilder;
import org.springframework.stereotype.Component;
import org.springframework.util.MimeType;
import org.springframework.util.MimeTypeUtils;
import org.springframework.web.socket.messaging.SessionDisconnectEvent;

/**
 * The authenticated STOMP sockets this node holds, with the sign-in session each was opened under,
 * so that ending a session (sign-out, suspension, erasure, an admin's revocation) also ends the
 * sockets already open with its tokens, not only new CONNECTs. A socket is ended with an ERROR
 * frame that says why; Spring closes the WebSocket after sending it.
 */
@Component
public class OpenSockets {

    private static final Logger log = LoggerFactory.getLogger(OpenSockets.class);
    private static final MimeType TEXT = new MimeType(MimeTypeUtils.TEXT_PLAIN, StandardCharsets.UTF_8);

    /** Who a socket belongs to: the token's subject, its sign-in session ({@code sid}) and its {@code iat}. */
    public record Owner(UUID userId, UUID sessionId, Instant issuedAt) {
    }

    private final Map<String, Owner> bySocket = new ConcurrentHashMap<>();
    private final MessageChannel clientOutbound;

    public OpenSockets(@Lazy @Qualifier("clientOutboundChannel") MessageChannel clientOutbound) {
        this.clientOutbound = clientOutbound;
    }

    void opened(String socketId, Owner owner) {
        bySocket.put(socketId, owner);
    }

    void closed(String socketId) {
        bySocket.remove(socketId);
    }

    @EventListener
    void on(SessionDisconnectEvent disconnected) {
        closed(disconnected.getSessionId());
    }

    /** Ends every socket whose owner {@code ended} matches, telling its client {@code reason}; returns how many. */
    public int endWhere(Predicate<Owner> ended, String reason) {
        int count = 0;
        for (Map.Entry<String, Owner> socket : bySocket.entrySet()) {
            if (ended.test(socket.getValue()) && bySocket.remove(socket.getKey(), socket.getValue())) {
                sendError(socket.getKey(), reason);
                count++;
            }
        }
        if (count > 0) {
            log.info("Ended {} open socket(s): {}", count, reason);
        }
        return count;
    }

    /** How many authenticated sockets this node holds. */
    public int count() {
        return bySocket.size();
    }

    private void sendError(String socketId, String reason) {
        StompHeaderAccessor error = StompHeaderAccessor.create(StompCommand.ERROR);
        error.setSessionId(socketId);
        error.setMessage(reason);
        error.setContentType(TEXT);
        clientOutbound.send(MessageBuilder.createMessage(reason.getBytes(StandardCharsets.UTF_8), error.getMessageHeaders()));
    }
}
