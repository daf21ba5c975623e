package org.medbook.shared.realtime;

import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;

import org.medbook.shared.web.ClientIpResolver;
import org.springframework.http.server.ServerHttpRequest;
import org.springframework.http.server.ServerHttpResponse;
import org.springframework.http.server.ServletServerHttpRequest;
import org.springframework.web.socket.WebSocketHandler;
import org.springframework.web.socket.server.HandshakeInterceptor;

/**
 * The client's address of a STOMP session, resolved once at the WebSocket handshake the way every
 * HTTP request's is (trusted proxies only), and kept in the session's attributes, so what is done
 * over the socket is audited with an address as what is done over HTTP.
 */
public final class ClientAddress implements HandshakeInterceptor {

    private static final String ATTRIBUTE = ClientAddress.class.getName();

    private final ClientIpResolver resolver;

    ClientAddress(ClientIpResolver resolver) {
        this.resolver = resolver;
    }

    /** The address the session's handshake came from; null when the session did not come through one. */
    public static String of(Map<String, Object> sessionAttributes) {
        return sessionAttributes == null ? null : (String) sessionAttributes.get(ATTRIBUTE);
    }

    @Override
    public boolean beforeHandshake(ServerHttpRequest request, ServerHttpResponse response, WebSocketHandler handler,
            Map<String, Object> attributes) {
        if (request instanceof ServletServerHttpRequest servlet) {
            HttpServletRequest http = servlet.getServletRequest();
            attributes.put(ATTRIBUTE, resolver.resolve(http));
        }
        return true;
    }

    @Override
    public void afterHandshake(ServerHttpRequest request, ServerHttpResponse response, WebSocketHandler handler,
            Exception exception) {
    }
}
