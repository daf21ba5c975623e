package org.medbook.chat.api;

import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

import org.medbook.audit.DataKind;
import org.medbook.audit.PatientDataAccess;
import org.medbook.chat.application.ChatPushes;
import org.medbook.shared.Caller;
import org.medbook.shared.realtime.ClientAddress;
import org.springframework.context.event.EventListener;
import org.springframework.messaging.Message;
import org.springframework.messaging.MessageChannel;
import org.springframework.messaging.MessageHandler;
import org.springframework.messaging.simp.SimpMessageHeaderAccessor;
import org.springframework.messaging.simp.SimpMessageType;
import org.springframework.messaging.simp.config.ChannelRegistration;
import org.springframework.messaging.support.ExecutorChannelInterceptor;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.stereotype.Component;
import org.springframework.web.socket.config.annotation.WebSocketMessageBrokerConfigurer;
import org.springframework.web.socket.messaging.SessionConnectedEvent;
import org.springframework.web.socket.messaging.SessionDisconnectEvent;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A patient's message pushed live to a doctor's socket is a read of the patient's conversation, as
 * fetching it over REST is. It is recorded as the frame is handed to the doctor's WebSocket, before
 * the write, so the record is queued before the doctor can have seen the message (a write that then
 * fails still counts: the trail errs towards recording a disclosure). It happens on the node that
 * holds the socket (so with the RabbitMQ relay too), through the access trail's batched writer: the
 * push path pays a map lookup and a queue offer, never a database write.
 * <p>
 * Only doctors' sessions are kept (id, role, client address), from CONNECTED to DISCONNECT; frames to
 * anyone else, and the doctor's own messages echoed back, are passed over.
 */
@Component
class PushedMessageReads implements ExecutorChannelInterceptor, WebSocketMessageBrokerConfigurer {

    private static final String DOCTOR = "DOCTOR";
    private static final String ROLE_PREFIX = "ROLE_";
    private static final String SUBSCRIBED = "/user/queue/" + ChatPushes.MESSAGES;
    private static final String RESOLVED_PREFIX = "/queue/" + ChatPushes.MESSAGES + "-user";

    private final Map<String, Caller> doctorSessions = new ConcurrentHashMap<>();
    private final PatientDataAccess access;
    private final JsonMapper json;

    PushedMessageReads(PatientDataAccess access, JsonMapper json) {
        this.access = access;
        this.json = json;
    }

    @Override
    public void configureClientOutboundChannel(ChannelRegistration registration) {
        registration.interceptors(this);
    }

    @EventListener
    void connected(SessionConnectedEvent event) {
        if (!(event.getUser() instanceof JwtAuthenticationToken token)) {
            return;
        }
        Set<String> roles = token.getAuthorities().stream().map(GrantedAuthority::getAuthority)
                .filter(authority -> authority.startsWith(ROLE_PREFIX))
                .map(authority -> authority.substring(ROLE_PREFIX.length())).collect(Collectors.toSet());
        if (!roles.contains(DOCTOR)) {
            return;
        }
        Map<String, Object> headers = event.getMessage().getHeaders();
        String sessionId = SimpMessageHeaderAccessor.getSessionId(headers);
        Message<?> connect = (Message<?>) headers.get(SimpMessageHeaderAccessor.CONNECT_MESSAGE_HEADER);
        String clientIp = connect == null ? null
                : ClientAddress.of(SimpMessageHeaderAccessor.getSessionAttributes(connect.getHeaders()));
        if (sessionId != null) {
            doctorSessions.put(sessionId, new Caller(UUID.fromString(token.getName()), roles, Set.of(), clientIp));
        }
    }

    @EventListener
    void disconnected(SessionDisconnectEvent event) {
        doctorSessions.remove(event.getSessionId());
    }

    @Override
    public Message<?> beforeHandle(Message<?> message, MessageChannel channel, MessageHandler handler) {
        if (!doctorSessions.isEmpty()) {
            recordIfPushedToDoctor(message);
        }
        return message;
    }

    private void recordIfPushedToDoctor(Message<?> message) {
        Map<String, Object> headers = message.getHeaders();
        if (SimpMessageHeaderAccessor.getMessageType(headers) != SimpMessageType.MESSAGE) {
            return;
        }
        String sessionId = SimpMessageHeaderAccessor.getSessionId(headers);
        Caller doctor = sessionId == null ? null : doctorSessions.get(sessionId);
        if (doctor == null || !isMessagesQueue(SimpMessageHeaderAccessor.getDestination(headers), sessionId)
                || !(message.getPayload() instanceof byte[] payload)) {
            return;
        }
        UUID sender = senderOf(payload);
        if (sender != null && !sender.equals(doctor.userId())) {
            // a conversation has two participants: whoever wrote to the doctor is its patient
            access.record(doctor, DataKind.CONVERSATION, sender);
        }
    }

    /** The subscribed form once the frame was written, the session's own queue before. */
    private static boolean isMessagesQueue(String destination, String sessionId) {
        return destination != null && (destination.equals(SUBSCRIBED)
                || (destination.startsWith(RESOLVED_PREFIX) && destination.endsWith(sessionId)
                && destination.length() == RESOLVED_PREFIX.length() + sessionId.length()));
    }

    private UUID senderOf(byte[] payload) {
        try {
            JsonNode sender = json.readTree(payload).path("senderId");
            return sender.isString() ? UUID.fromString(sender.asString()) : null;
        } catch (RuntimeException notAMessage) {
            return null;
        }
    }
}
