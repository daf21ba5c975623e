package org.medbook.shared.realtime;

import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Lazy;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.messaging.Message;
import org.springframework.messaging.MessageChannel;
import org.springframework.messaging.simp.SimpMessageHeaderAccessor;
import org.springframework.messaging.simp.SimpMessageType;
import org.springframework.messaging.simp.config.ChannelRegistration;
import org.springframework.messaging.support.ChannelInterceptor;
import org.springframework.security.authorization.AuthorizationManager;
import org.springframework.security.config.annotation.web.socket.EnableWebSocketSecurity;
import org.springframework.security.messaging.access.intercept.MessageMatcherDelegatingAuthorizationManager;
import org.springframework.security.messaging.util.matcher.MessageMatcher;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.web.socket.config.annotation.WebSocketMessageBrokerConfigurer;

/**
 * Who may do what on {@code /ws}: CONNECT with a valid access token; SUBSCRIBE only to one's own
 * {@code /user/queue/<name>}; SEND only to {@code /app/**}; nothing else. A refused SEND is answered
 * by {@link RefusedSends}, so it is not logged as a server error. Runs before Spring
 * Security's own configurer (which is at {@code HIGHEST_PRECEDENCE + 100}), so the CONNECT frame
 * already carries its user when Security checks it.
 */
@Configuration(proxyBeanMethods = false)
@EnableWebSocketSecurity
@Order(Ordered.HIGHEST_PRECEDENCE + 99)
class RealtimeSecurityConfiguration implements WebSocketMessageBrokerConfigurer {

    private final JwtDecoder decoder;
    private final OpenSockets sockets;
    private final MessageChannel clientOutbound;
    private final AuthorizationManager<Message<?>> rules = rules();

    RealtimeSecurityConfiguration(JwtDecoder decoder, OpenSockets sockets,
            @Lazy @Qualifier("clientOutboundChannel") MessageChannel clientOutbound) {
        this.decoder = decoder;
        this.sockets = sockets;
        this.clientOutbound = clientOutbound;
    }

    @Override
    public void configureClientInboundChannel(ChannelRegistration registration) {
        registration.interceptors(new BearerTokenConnect(decoder, sockets), new RefusedSends(rules, clientOutbound));
    }

    @Bean
    AuthorizationManager<Message<?>> messageAuthorizationManager() {
        return rules;
    }

    private static AuthorizationManager<Message<?>> rules() {
        MessageMatcher<Object> ownUserQueue = message ->
                SimpMessageHeaderAccessor.getMessageType(message.getHeaders()) == SimpMessageType.SUBSCRIBE
                        && Destinations.isOwnUserQueue(SimpMessageHeaderAccessor.getDestination(message.getHeaders()));
        return MessageMatcherDelegatingAuthorizationManager.builder()
                .simpTypeMatchers(SimpMessageType.CONNECT).authenticated()
                .simpTypeMatchers(SimpMessageType.HEARTBEAT, SimpMessageType.UNSUBSCRIBE, SimpMessageType.DISCONNECT).permitAll()
                .matchers(ownUserQueue).authenticated()
                .simpMessageDestMatchers(Destinations.APPLICATION_PREFIX + "/**").authenticated()
                .anyMessage().denyAll()
                .build();
    }

    /**
     * Replaces Security's CSRF check on CONNECT, which expects a token from an HTTP session: Medbook
     * has no cookies or sessions to forge requests with, and the bearer token already proves intent.
     */
    @Bean
    ChannelInterceptor csrfChannelInterceptor() {
        return new ChannelInterceptor() {
        };
    }
}
