package org.medbook.shared.realtime;

import java.nio.charset.StandardCharsets;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.messaging.Message;
import org.springframework.messaging.MessageChannel;
import org.springframework.messaging.simp.stomp.StompCommand;
import org.springframework.messaging.simp.stomp.StompHeaderAccessor;
import org.springframework.messaging.support.ChannelInterceptor;
import org.springframework.messaging.support.MessageBuilder;
import org.springframework.messaging.support.MessageHeaderAccessor;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.authorization.AuthorizationManager;
import org.springframework.security.authorization.AuthorizationResult;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.authority.AuthorityUtils;
import org.springframework.util.MimeType;
import org.springframework.util.MimeTypeUtils;

/**
 * Answers a SEND the authorization rules refuse with its ERROR frame and drops it, instead of
 * letting Spring Security's check throw. Spring's {@code StompSubProtocolHandler} logs every
 * exception out of the inbound channel at ERROR ("Failed to send message to MessageChannel in
 * session ...") except for a refused CONNECT or SUBSCRIBE; a SEND to a destination the client may not
 * use is the client's mistake, and the server's log should keep ERROR for the server's own faults.
 * The client sees what it saw before: the ERROR frame with the reason and its {@code receipt-id},
 * after which the socket is closed. Runs before Security's check, with the same rules, which then
 * still guard every frame.
 */
class RefusedSends implements ChannelInterceptor {

    private static final Logger log = LoggerFactory.getLogger(RefusedSends.class);
    private static final MimeType TEXT = new MimeType(MimeTypeUtils.TEXT_PLAIN, StandardCharsets.UTF_8);
    private static final Authentication ANONYMOUS = new AnonymousAuthenticationToken("medbook-stomp", "anonymous",
            AuthorityUtils.createAuthorityList("ROLE_ANONYMOUS"));

    private final AuthorizationManager<Message<?>> rules;
    private final MessageChannel clientOutbound;

    RefusedSends(AuthorizationManager<Message<?>> rules, MessageChannel clientOutbound) {
        this.rules = rules;
        this.clientOutbound = clientOutbound;
    }

    @Override
    public Message<?> preSend(Message<?> message, MessageChannel channel) {
        StompHeaderAccessor frame = MessageHeaderAccessor.getAccessor(message, StompHeaderAccessor.class);
        if (frame == null || !StompCommand.SEND.equals(frame.getCommand())) {
            return message;
        }
        AuthorizationResult decision = rules.authorize(() -> frame.getUser() instanceof Authentication user ? user
                : ANONYMOUS, message);
        if (decision == null || decision.isGranted()) {
            return message;
        }
        String reason = StompErrors.reason(new AccessDeniedException("Access denied"), frame);
        log.debug("Refused a SEND to {} in session {}: {}", frame.getDestination(), frame.getSessionId(), reason);
        StompHeaderAccessor error = StompHeaderAccessor.create(StompCommand.ERROR);
        error.setSessionId(frame.getSessionId());
        error.setMessage(reason);
        error.setContentType(TEXT);
        if (frame.getReceipt() != null) {
            error.setReceiptId(frame.getReceipt());
        }
        clientOutbound.send(MessageBuilder.createMessage(reason.getBytes(StandardCharsets.UTF_8), error.getMessageHeaders()));
        return null;
    }
}
