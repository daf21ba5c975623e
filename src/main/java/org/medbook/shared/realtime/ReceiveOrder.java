package org.medbook.shared.realtime;

import java.time.Duration;
import java.util.HashSet;
import java.util.Map;
import java.util.NavigableSet;
import java.util.Set;
import java.util.TreeSet;
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
 * client.) A frame that takes a ticket and is then refused by a later interceptor never reaches a
 * handler: its ticket is released, so the frames after it do not wait for it.
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

    private final Duration patience;

    ReceiveOrder() {
        this(PATIENCE);
    }

    ReceiveOrder(Duration patience) {
        this.patience = patience;
    }

    @Override
    public Message<?> preSend(Message<?> message, MessageChannel channel) {
        String sessionId = SimpMessageHeaderAccessor.getSessionId(message.getHeaders());
        if (sessionId == null) {
            return message;
        }
        long ticket = sessions.computeIfAbsent(sessionId, id -> new Session(patience)).issue();
        MessageHeaderAccessor accessor = MessageHeaderAccessor.getAccessor(message, MessageHeaderAccessor.class);
        if (accessor != null && accessor.isMutable()) {
            accessor.setHeader(TICKET, ticket);
            return message;
        }
        MessageHeaderAccessor copy = MessageHeaderAccessor.getMutableAccessor(message);
        copy.setHeader(TICKET, ticket);
        return MessageBuilder.createMessage(message.getPayload(), copy.getMessageHeaders());
    }

    /**
     * A frame that was not sent (a later interceptor refused it or threw) reaches no handler: its
     * ticket is released so that the session's next frame does not wait for it.
     */
    @Override
    public void afterSendCompletion(Message<?> message, MessageChannel channel, boolean sent, Exception ex) {
        if (sent && ex == null) {
            return;
        }
        Session session = sessionOf(message);
        Long ticket = message.getHeaders().get(TICKET, Long.class);
        if (session != null && ticket != null) {
            session.release(ticket);
        }
    }

    @Override
    public Message<?> beforeHandle(Message<?> message, MessageChannel channel, MessageHandler handler) {
        Session session = sessionOf(message);
        Long ticket = message.getHeaders().get(TICKET, Long.class);
        if (session != null && ticket != null && !session.awaitTurn(handler, ticket)) {
            log.warn("Frame {} of STOMP session {} went ahead after waiting {} s for the one before it, which {} never got",
                    ticket, SimpMessageHeaderAccessor.getSessionId(message.getHeaders()), patience.toSeconds(),
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
        session.done(handler, ticket, handlerCount(channel));
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

        private final Duration patience;
        private long issued;
        private final Map<MessageHandler, Long> handled = new ConcurrentHashMap<>();
        /** Tickets of frames that reached no handler and that some handler has not passed yet. */
        private final NavigableSet<Long> released = new TreeSet<>();
        private final Set<MessageHandler> disconnected = new HashSet<>();

        Session(Duration patience) {
            this.patience = patience;
        }

        synchronized long issue() {
            return ++issued;
        }

        /** False when the session's frames stopped moving for the patience before this one's turn came. */
        synchronized boolean awaitTurn(MessageHandler handler, long ticket) {
            long seen = handled.getOrDefault(handler, 0L);
            long deadline = System.nanoTime() + patience.toNanos();
            while (!turnOf(seen, ticket)) {
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
                    deadline = System.nanoTime() + patience.toNanos();
                }
            }
            return true;
        }

        /** True when every ticket after {@code seen} and before {@code ticket} was released. */
        private boolean turnOf(long seen, long ticket) {
            long between = ticket - 1 - seen;
            return between <= 0 || released.subSet(seen, false, ticket, false).size() == between;
        }

        synchronized void release(long ticket) {
            released.add(ticket);
            notifyAll();
        }

        synchronized void done(MessageHandler handler, long ticket, int handlers) {
            handled.merge(handler, ticket, Math::max);
            if (!released.isEmpty() && handled.size() >= handlers) {
                // a released ticket every handler has passed is no longer needed
                long slowest = handled.values().stream().mapToLong(Long::longValue).min().orElse(0L);
                released.headSet(slowest, true).clear();
            }
            notifyAll();
        }

        /** True once {@code handlers} handlers have handled the session's DISCONNECT. */
        synchronized boolean ended(MessageHandler handler, int handlers) {
            disconnected.add(handler);
            return disconnected.size() >= handlers;
        }
    }
}
