package org.medbook.shared.realtime;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.locks.LockSupport;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.messaging.support.AbstractSubscribableChannel;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.WebSocketHandler;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.config.annotation.DelegatingWebSocketMessageBrokerConfiguration;
import org.springframework.web.socket.handler.ConcurrentWebSocketSessionDecorator;
import org.springframework.web.socket.messaging.SubProtocolWebSocketHandler;

/**
 * Spring's STOMP-over-WebSocket configuration (what {@code @EnableWebSocketMessageBroker} imports,
 * applying every {@code WebSocketMessageBrokerConfigurer}) with two changes.
 * <p>
 * A frame is accepted in parts, as the WebSocket container hands them over, and assembled by the
 * STOMP decoder (up to {@link RealtimeConfiguration#MAX_FRAME_BYTES}); so the container's buffer for
 * an incoming message, which every open socket holds for its whole life, need only be as large as
 * one part ({@link SocketBuffers}), and Spring's raising it to 16,640 characters, which only serves
 * a handler that needs each message whole, is declined.
 * <p>
 * An ERROR frame reaches the client before its socket is closed.
 * Spring queues the ERROR and closes the socket at once. When another thread is still writing to
 * the same socket (typically the CONNECTED frame, whose write completes a moment after the client
 * already read it and sent a SUBSCRIBE), the ERROR is still queued at the close and is dropped: the
 * client sees the socket end without learning why. Here a close waits, briefly, for the queue to
 * drain.
 */
@Configuration(proxyBeanMethods = false)
class RealtimeBrokerConfiguration extends DelegatingWebSocketMessageBrokerConfiguration {

    /** At most this long a closing socket waits for frames queued before the close. */
    static final Duration FLUSH_BEFORE_CLOSE = Duration.ofSeconds(2);

    @Bean
    @Override
    public WebSocketHandler subProtocolWebSocketHandler(AbstractSubscribableChannel clientInboundChannel,
            AbstractSubscribableChannel clientOutboundChannel) {
        SubProtocolWebSocketHandler handler = new SubProtocolWebSocketHandler(clientInboundChannel, clientOutboundChannel) {
            @Override
            protected WebSocketSession decorateSession(WebSocketSession session) {
                return new FlushBeforeClose(session, getSendTimeLimit(), getSendBufferSizeLimit());
            }

            @Override
            public boolean supportsPartialMessages() {
                return true;
            }
        };
        handler.setPhase(getPhase());
        return handler;
    }

    static final class FlushBeforeClose extends ConcurrentWebSocketSessionDecorator {

        FlushBeforeClose(WebSocketSession delegate, int sendTimeLimit, int bufferSizeLimit) {
            super(delegate, sendTimeLimit, bufferSizeLimit);
        }

        /** Keeps the container's part size (see the class comment). */
        @Override
        public void setTextMessageSizeLimit(int messageSizeLimit) {
        }

        @Override
        public void close(CloseStatus status) throws IOException {
            long deadline = System.nanoTime() + FLUSH_BEFORE_CLOSE.toNanos();
            while ((getBufferSize() > 0 || getTimeSinceSendStarted() > 0) && isOpen() && System.nanoTime() < deadline) {
                LockSupport.parkNanos(Duration.ofMillis(1).toNanos());
            }
            super.close(status);
        }
    }
}
