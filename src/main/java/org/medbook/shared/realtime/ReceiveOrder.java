package org.medbook.shared.realtime;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.messaging.Message;
import org.springframework.messaging.MessageChannel;
import org.springframework.messaging.MessageHandler;
import org.springframework.messaging.simp.SimpMessageHeaderAccessor;
import org.springframework.messaging.simp.SimpMessageType;
import org.springframework.messaging.support.AbstractSubscribableChannel;
import org.springframework.messaging.support.ExecutorChannelInterceptor;
import org.springframework.messaging.support.MessageBuilder;
import org.springframework.messaging.support.MessageHeaderAccessor;

/**
 * Handles the frames of one session in the order the client sent them. The inbound channel runs
 * every frame on its own thread, so two chat messages sent back to back could otherwise be stored
 * in either order. Each frame gets the next ticket of its session when it is accepted (in the
 * socket's reading thread, after the authorization rules, so a refused frame takes none); each
 * handler then takes the frames of a session one ticket after the other. (Spring's own
 * "preserve receive order" also orders frames, but then a refused frame's reason never reaches the
 * client.)
 */
class ReceiveOrder implements ExecutorChannelInterceptor {

    static final String TICKET = "medbookReceiveTicket";

    private static final Logger log = LoggerFactory.getLogger(ReceiveOrder.class);

    /**
     * A frame whose predecessor never shows up (it failed before any handler saw it) waits no longer
     * than this after the session's last progress.
     */
    private static final Duration PATIENCE = Duration.ofSeconds(5);

    private final Map<String, Session> sessions = new ConcurrentHashMap<>();

    @Override
    public Message<?> preSend(Message<?> message, MessageChannel channel) {
        String sessionId = SimpMessageHeaderAccessor.getSessionId(message.getHeaders());
        if (sessionId == null) {
            return message;
        }
        long ticket = sessions.computeIfAbsent(sessionId, id -> new Session()).issue();
        MessageHeaderAccessor accessor = MessageHeaderAccessor.getAccessor(message, MessageHeaderAccessor.class);
        if (accessor != null && accessor.isMutable()) {
            accessor.setHeader(TICKET, ticket);
            return message;
        }
        MessageHeaderAccessor copy = MessageHeaderAccessor.getMutableAccessor(message);
        copy.setHeader(TICKET, ticket);
        return MessageBuilder.createMessage(message.getPayload(), copy.getMessageHeaders());
    }

    @Override
    public Message<?> beforeHandle(Message<?> message, MessageChannel channel, MessageHandler handler) {
        Session session = sessionOf(message);
        Long ticket = message.getHeaders().get(TICKET, Long.class);
        if (session != null && ticket != null && !session.awaitTurn(handler, ticket)) {
            log.warn("Frame {} of STOMP session {} went ahead after waiting {} s for the one before it, which {} never got",
                    ticket, SimpMessageHeaderAccessor.getSessionId(message.getHeaders()), PATIENCE.toSeconds(),
                    handler.getClass().getSimpleName());
        }
        return message;
    }

    @Override
    public void afterMessageHandled(Message<?> message, MessageChannel channel, MessageHandler handler, Exception ex) {
        Session session = sessionOf(message);
        Long ticket = message.getHeaders().get(TICKET, Long.class);
        if (session == null || ticket == null) {
            return;
        }
        session.done(handler, ticket);
        // the session's last frame: once every handler has handled it, nothing of the session is left to order
        if (SimpMessageHeaderAccessor.getMessageType(message.getHeaders()) == SimpMessageType.DISCONNECT
                && session.ended(handler, handlerCount(channel))) {
            sessions.remove(SimpMessageHeaderAccessor.getSessionId(message.getHeaders()), session);
        }
    }

    private static int handlerCount(MessageChannel channel) {
        return channel instanceof AbstractSubscribableChannel subscribable ? subscribable.getSubscribers().size() : 1;
    }

    private Session sessionOf(Message<?> message) {
        String sessionId = SimpMessageHeaderAccessor.getSessionId(message.getHeaders());
        return sessionId == null ? null : sessions.get(sessionId);
    }

    int openSessions() {
        return sessions.size();
    }

    private static final class Session {

        private long issued;
        private final Map<MessageHandler, Long> handled = new ConcurrentHashMap<>();
        private final java.util.Set<MessageHandler> disconnected = new java.util.HashSet<>();

        synchronized long issue() {
            return ++issued;
        }

        /** False when the session's frames stopped moving for {@link #PATIENCE} before this one's turn came. */
        synchronized boolean awaitTurn(MessageHandler handler, long ticket) {
            long seen = handled.getOrDefault(handler, 0L);
            long deadline = System.nanoTime() + PATIENCE.toNanos();
            while (seen < ticket - 1) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                try {
                    wait(Math.max(1, left / 1_000_000));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return true;
                }
                long now = handled.getOrDefault(handler, 0L);
                if (now > seen) {
                    // the session's frames are moving: keep waiting for this one's turn
                    seen = now;
                    deadline = System.nanoTime() + PATIENCE.toNanos();
                }
            }
            return true;
        }

        synchronized void done(MessageHandler handler, long ticket) {
            handled.merge(handler, ticket, Math::max);
            notifyAll();
        }

        /** True once {@code handlers} handlers have handled the session's DISCONNECT. */
        synchronized boolean ended(MessageHandler handler, int handlers) {
            disconnected.add(handler);
            return disconnected.size() >= handlers;
        }
    }
}
