package org.medbook.shared.realtime;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.UUID;

import org.springframework.messaging.Message;
import org.springframework.messaging.MessageChannel;
import org.springframework.messaging.simp.stomp.StompCommand;
import org.springframework.messaging.simp.stomp.StompHeaderAccessor;
import org.springframework.messaging.support.ChannelInterceptor;
import org.springframework.messaging.support.MessageHeaderAccessor;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.security.oauth2.jwt.JwtValidationException;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;

/**
 * Authenticates a STOMP CONNECT by the same access token as the REST API, sent as the frame's
 * {@code Authorization: Bearer <token>} header (browsers cannot put headers on the WebSocket
 * handshake, and a token in the URL would end up in access logs). The session's user is the token's
 * subject, the user id, which is what {@code /user/...} destinations resolve against.
 */
class BearerTokenConnect implements ChannelInterceptor {

    /** Issued to staff who must change their password first; it opens nothing else. */
    static final String PASSWORD_CHANGE_PURPOSE = "password-change";

    private static final String AUTHORIZATION = "Authorization";
    private static final String BEARER = "Bearer ";

    private final JwtDecoder decoder;
    private final OpenSockets sockets;

    BearerTokenConnect(JwtDecoder decoder, OpenSockets sockets) {
        this.decoder = decoder;
        this.sockets = sockets;
    }

    @Override
    public Message<?> preSend(Message<?> message, MessageChannel channel) {
        StompHeaderAccessor accessor = MessageHeaderAccessor.getAccessor(message, StompHeaderAccessor.class);
        if (accessor == null || !(StompCommand.CONNECT.equals(accessor.getCommand())
                || StompCommand.STOMP.equals(accessor.getCommand()))) {
            return message;
        }
        String authorization = accessor.getFirstNativeHeader(AUTHORIZATION);
        JwtAuthenticationToken user = authenticate(authorization);
        String socketId = accessor.getSessionId();
        if (socketId != null) {
            sockets.opened(socketId, owner(user.getToken()));
            // a session ended between the check above and the line before would miss this socket: look once more
            try {
                authenticate(authorization);
            } catch (RealtimeRefusal ended) {
                sockets.closed(socketId);
                throw ended;
            }
        }
        accessor.setUser(user);
        // the token has done its work; the RabbitMQ relay would otherwise pass it on to the broker
        accessor.removeNativeHeader(AUTHORIZATION);
        return message;
    }

    private static OpenSockets.Owner owner(Jwt jwt) {
        String sid = jwt.getClaimAsString("sid");
        return new OpenSockets.Owner(UUID.fromString(jwt.getSubject()), sid == null ? null : UUID.fromString(sid),
                jwt.getIssuedAt());
    }

    JwtAuthenticationToken authenticate(String authorization) {
        if (authorization == null || authorization.isBlank()) {
            throw new RealtimeRefusal("An access token is required: send 'Authorization: Bearer <access token>' with CONNECT");
        }
        if (!authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            throw new RealtimeRefusal("The Authorization header must be 'Bearer <access token>'");
        }
        Jwt jwt = decode(authorization.substring(BEARER.length()).strip());
        if (PASSWORD_CHANGE_PURPOSE.equals(jwt.getClaimAsString("purpose"))) {
            throw new RealtimeRefusal("This token only allows changing the password; sign in again afterwards");
        }
        if (jwt.getClaimAsString("purpose") != null) {
            // any other single-purpose token (enrolling a second factor) opens no socket either
            throw new RealtimeRefusal("This token only allows one step of signing in; sign in again afterwards");
        }
        if (jwt.getSubject() == null || jwt.getSubject().isBlank()) {
            throw new RealtimeRefusal("The access token is not valid");
        }
        return new JwtAuthenticationToken(jwt, roles(jwt), jwt.getSubject());
    }

    private Jwt decode(String token) {
        try {
            return decoder.decode(token);
        } catch (JwtValidationException e) {
            if (described(e, "Jwt expired")) {
                throw new RealtimeRefusal("The access token has expired");
            }
            // the session ended (sign-out, suspension, password change): a refresh will not help either
            if (described(e, "The access token has been revoked")) {
                throw new RealtimeRefusal("The access token has been revoked; sign in again");
            }
            throw new RealtimeRefusal("The access token is not valid");
        } catch (JwtException e) {
            throw new RealtimeRefusal("The access token is not valid");
        }
    }

    private static boolean described(JwtValidationException e, String start) {
        return e.getErrors().stream().map(OAuth2Error::getDescription)
                .anyMatch(description -> description != null && description.startsWith(start));
    }

    private static Collection<GrantedAuthority> roles(Jwt jwt) {
        List<GrantedAuthority> authorities = new ArrayList<>();
        List<String> roles = jwt.getClaimAsStringList("roles");
        if (roles != null) {
            roles.forEach(role -> authorities.add(new SimpleGrantedAuthority("ROLE_" + role)));
        }
        return authorities;
    }
}
