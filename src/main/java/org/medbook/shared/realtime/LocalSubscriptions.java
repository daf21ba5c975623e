package org.medbook.shared.realtime;

import java.security.Principal;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.commons.logging.LogFactory;
import org.springframework.messaging.Message;
import org.springframework.messaging.MessageChannel;
import org.springframework.messaging.simp.SimpMessageHeaderAccessor;
import org.springframework.messaging.simp.SimpMessageType;
import org.springframework.messaging.simp.broker.OrderedMessageChannelDecorator;
import org.springframework.messaging.simp.stomp.StompCommand;
import org.springframework.messaging.simp.stomp.StompHeaderAccessor;
import org.springframework.messaging.support.ChannelInterceptor;
import org.springframework.messaging.support.MessageBuilder;
import org.springframework.util.MimeTypeUtils;

/**
 * The sockets this node holds and their subscriptions to their own {@code /user/queue/<name>}, so
 * {@link OrderedFanout} can write to them directly. Registered as a client inbound interceptor after
 * the authorization rules, so only an accepted SUBSCRIBE counts, and before the broker sees it, so a
 * client that has its subscription's receipt is already here. Each socket writes through its own
 * ordered channel: what is sent to it arrives in the order it was sent.
 */
final class LocalSubscriptions implements ChannelInterceptor {

    record Target(String sessionId, String subscriptionId, MessageChannel channel) {

        /** Writes a JSON body to this subscription as a MESSAGE frame of {@code destination}. */
        void write(String destination, byte[] json) {
            StompHeaderAccessor headers = StompHeaderAccessor.create(StompCommand.MESSAGE);
            headers.setSessionId(sessionId);
            headers.setSubscriptionId(subscriptionId);
            headers.setDestination(destination);
            headers.setContentType(MimeTypeUtils.APPLICATION_JSON);
            // the ordered channel adds its own header before sending on
            headers.setLeaveMutable(true);
            channel.send(MessageBuilder.createMessage(json, headers.getMessageHeaders()));
        }
    }

    private record Socket(String user, MessageChannel channel, Map<String, String> subscriptions) {
    }

    private final Map<String, Socket> sockets = new ConcurrentHashMap<>();
    private final Map<String, Map<String, Socket>> byUser = new ConcurrentHashMap<>();
    private final MessageChannel clientOutbound;

    LocalSubscriptions(MessageChannel clientOutbound) {
        this.clientOutbound = clientOutbound;
    }

    @Override
    public Message<?> preSend(Message<?> message, MessageChannel channel) {
        var headers = message.getHeaders();
        SimpMessageType type = SimpMessageHeaderAccessor.getMessageType(headers);
        String sessionId = SimpMessageHeaderAccessor.getSessionId(headers);
        if (type == null || sessionId == null) {
            return message;
        }
        switch (type) {
            case SUBSCRIBE -> subscribed(sessionId, SimpMessageHeaderAccessor.getUser(headers),
                    SimpMessageHeaderAccessor.getSubscriptionId(headers), SimpMessageHeaderAccessor.getDestination(headers));
            case UNSUBSCRIBE -> {
                Socket socket = sockets.get(sessionId);
                String subscriptionId = SimpMessageHeaderAccessor.getSubscriptionId(headers);
                if (socket != null && subscriptionId != null) {
                    socket.subscriptions().remove(subscriptionId);
                }
            }
            case DISCONNECT -> ended(sessionId);
            default -> {
            }
        }
        return message;
    }

    private void subscribed(String sessionId, Principal user, String subscriptionId, String destination) {
        if (user == null || subscriptionId == null || !Destinations.isOwnUserQueue(destination)) {
            return;
        }
        Socket socket = sockets.computeIfAbsent(sessionId, id -> new Socket(user.getName(),
                new OrderedMessageChannelDecorator(clientOutbound, LogFactory.getLog(OrderedFanout.class)),
                new ConcurrentHashMap<>()));
        socket.subscriptions().put(subscriptionId, destination);
        byUser.computeIfAbsent(socket.user(), u -> new ConcurrentHashMap<>()).put(sessionId, socket);
    }

    private void ended(String sessionId) {
        Socket socket = sockets.remove(sessionId);
        if (socket != null) {
            byUser.computeIfPresent(socket.user(), (user, held) -> {
                held.remove(sessionId);
                return held.isEmpty() ? null : held;
            });
        }
    }

    /** Where to write for this user's subscriptions to {@code destination} on this node. */
    List<Target> targets(String user, String destination) {
        Map<String, Socket> held = byUser.get(user);
        if (held == null) {
            return List.of();
        }
        return held.entrySet().stream().flatMap(socket -> socket.getValue().subscriptions().entrySet().stream()
                .filter(subscription -> subscription.getValue().equals(destination))
                .map(subscription -> new Target(socket.getKey(), subscription.getKey(), socket.getValue().channel())))
                .toList();
    }

    /** Where to write for one session's subscriptions to {@code destination}, when this node holds it. */
    List<Target> sessionTargets(String sessionId, String destination) {
        Socket socket = sockets.get(sessionId);
        if (socket == null) {
            return List.of();
        }
        return socket.subscriptions().entrySet().stream()
                .filter(subscription -> subscription.getValue().equals(destination))
                .map(subscription -> new Target(sessionId, subscription.getKey(), socket.channel()))
                .toList();
    }

    int sockets() {
        return sockets.size();
    }
}
