package org.medbook.shared.realtime;

import java.time.Duration;

import org.springframework.messaging.Message;
import org.springframework.messaging.MessageChannel;
import org.springframework.messaging.simp.SimpMessageHeaderAccessor;
import org.springframework.messaging.simp.SimpMessageType;
import org.springframework.messaging.support.ChannelInterceptor;
import org.springframework.messaging.support.MessageBuilder;
import org.springframework.messaging.support.MessageHeaderAccessor;
import org.springframework.messaging.support.NativeMessageHeaderAccessor;

/**
 * Gives every per-session queue RabbitMQ creates for us an expiry. A user queue resolves to one
 * queue per session ({@code /queue/notifications-user<session>}), and RabbitMQ's STOMP plugin
 * declares {@code /queue/...} destinations durable and never deleted by default, so without this
 * every socket ever opened would leave a queue behind (and a session that never subscribed would
 * collect messages forever). RabbitMQ refuses a declaration whose arguments differ from the
 * queue's, and a refused SEND closes the relay's connection, so the SUBSCRIBE and every SEND to a
 * queue must carry the very same value: it is a constant, not a setting.
 */
class RabbitQueueExpiry implements ChannelInterceptor {

    static final String HEADER = "x-expires";
    /** How long a queue lives without a consumer: a socket's queue goes a minute after the socket. */
    static final Duration UNUSED_QUEUE_LIFETIME = Duration.ofMinutes(1);

    @Override
    public Message<?> preSend(Message<?> message, MessageChannel channel) {
        SimpMessageType type = SimpMessageHeaderAccessor.getMessageType(message.getHeaders());
        String destination = SimpMessageHeaderAccessor.getDestination(message.getHeaders());
        if ((type != SimpMessageType.SUBSCRIBE && type != SimpMessageType.MESSAGE)
                || destination == null || !destination.startsWith(Destinations.QUEUE_PREFIX + "/")) {
            return message;
        }
        NativeMessageHeaderAccessor headers = MessageHeaderAccessor.getMutableAccessor(message)
                instanceof NativeMessageHeaderAccessor accessor ? accessor : SimpMessageHeaderAccessor.wrap(message);
        headers.setNativeHeader(HEADER, Long.toString(UNUSED_QUEUE_LIFETIME.toMillis()));
        return MessageBuilder.createMessage(message.getPayload(), headers.getMessageHeaders());
    }
}
