package org.medbook.shared.realtime;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ThreadPoolExecutor;

import io.micrometer.core.instrument.MeterRegistry;

import org.medbook.shared.web.ClientIpResolver;
import org.medbook.shared.web.WebProperties;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Lazy;
import org.springframework.messaging.MessageChannel;
import org.springframework.messaging.MessageHandler;
import org.springframework.messaging.simp.SimpMessageSendingOperations;
import org.springframework.messaging.simp.broker.AbstractBrokerMessageHandler;
import org.springframework.messaging.simp.config.ChannelRegistration;
import org.springframework.messaging.simp.config.MessageBrokerRegistry;
import org.springframework.messaging.simp.stomp.StompBrokerRelayMessageHandler;
import org.springframework.scheduling.TaskScheduler;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;
import org.springframework.web.socket.config.annotation.StompEndpointRegistry;
import org.springframework.web.socket.config.annotation.WebSocketMessageBrokerConfigurer;
import org.springframework.web.socket.config.annotation.WebSocketTransportRegistration;

import tools.jackson.databind.json.JsonMapper;

/**
 * STOMP over plain WebSocket at {@code /ws}. Browsers may open it only from the origins the API
 * allows (CORS) or from the server's own; clients that send no Origin (apps, servers) rely on their
 * token alone. One node keeps subscriptions in memory; several nodes relay them through RabbitMQ
 * and tell each other which users they hold, so a message reaches a socket held by any node.
 * (The broker itself is set up by {@link RealtimeBrokerConfiguration}.)
 */
@Configuration(proxyBeanMethods = false)
class RealtimeConfiguration implements WebSocketMessageBrokerConfigurer {

    /**
     * The largest STOMP frame a client may send, headers included; a larger one is answered with an
     * ERROR frame and the socket is closed. The largest a client has reason to send: a chat message of
     * 4,000 characters, written by a JSON encoder that escapes everything outside ASCII, so that each
     * emoji becomes an escaped surrogate pair of 12 bytes (48,000 bytes in all), plus its id, ten
     * attachment ids and the headers; or a video call's SDP offer of at most 32,000 characters.
     */
    static final int MAX_FRAME_BYTES = 64 * 1024;

    /** Heart-beats of the in-memory broker, so dead sockets are noticed (RabbitMQ does its own). */
    private static final long[] HEARTBEAT_MILLIS = {10_000, 10_000};

    private final RealtimeProperties properties;
    private final WebProperties web;
    private final TaskScheduler scheduler;
    private final MessageChannel clientOutbound;
    private final ClientIpResolver clientIps;
    private final LocalSubscriptions localSubscriptions;
    private final JsonMapper json;
    private final MeterRegistry meters;

    RealtimeConfiguration(RealtimeProperties properties, WebProperties web, ClientIpResolver clientIps,
            @Lazy @Qualifier("messageBrokerTaskScheduler") TaskScheduler scheduler,
            @Lazy @Qualifier("clientOutboundChannel") MessageChannel clientOutbound, JsonMapper json,
            MeterRegistry meters) {
        this.properties = properties;
        this.web = web;
        this.scheduler = scheduler;
        this.clientOutbound = clientOutbound;
        this.clientIps = clientIps;
        this.localSubscriptions = new LocalSubscriptions(clientOutbound);
        this.json = json;
        this.meters = meters;
    }

    @Bean
    OrderedFanout orderedFanout(@Lazy SimpMessageSendingOperations messaging, JsonMapper json,
            @Qualifier("stompBrokerRelayMessageHandler") ObjectProvider<AbstractBrokerMessageHandler> relay) {
        if (properties.broker() != RealtimeProperties.Broker.RABBITMQ) {
            return OrderedFanout.local(localSubscriptions, messaging, json);
        }
        return OrderedFanout.relayed(localSubscriptions, messaging, json, () -> relay.getObject().isBrokerAvailable());
    }

    /** Every node's relay connection subscribes to the topic of ordered pushes (see {@link OrderedFanout}). */
    @Bean
    static BeanPostProcessor orderedFanoutSubscription(ObjectProvider<OrderedFanout> fanout) {
        return new BeanPostProcessor() {
            @Override
            public Object postProcessAfterInitialization(Object bean, String name) {
                if (bean instanceof StompBrokerRelayMessageHandler relay) {
                    Map<String, MessageHandler> subscriptions = new LinkedHashMap<>(relay.getSystemSubscriptions());
                    subscriptions.put(OrderedFanout.TOPIC, message -> fanout.getObject().received(message));
                    relay.setSystemSubscriptions(subscriptions);
                }
                return bean;
            }
        };
    }

    @Override
    public void registerStompEndpoints(StompEndpointRegistry registry) {
        registry.addEndpoint(Destinations.ENDPOINT).setAllowedOrigins(web.corsAllowedOrigins().toArray(String[]::new))
                .addInterceptors(new ClientAddress(clientIps));
        registry.setErrorHandler(new StompErrors());
    }

    @Override
    public void configureWebSocketTransport(WebSocketTransportRegistration registration) {
        registration.setMessageSizeLimit(MAX_FRAME_BYTES);
    }

    @Override
    public void configureMessageBroker(MessageBrokerRegistry registry) {
        registry.setApplicationDestinationPrefixes(Destinations.APPLICATION_PREFIX);
        registry.setUserDestinationPrefix(Destinations.USER_PREFIX);
        registry.setPreservePublishOrder(true);
        switch (properties.broker()) {
            case SIMPLE -> registry.enableSimpleBroker(Destinations.QUEUE_PREFIX, Destinations.TOPIC_PREFIX)
                    .setTaskScheduler(scheduler)
                    .setHeartbeatValue(HEARTBEAT_MILLIS);
            case RABBITMQ -> {
                RealtimeProperties.Rabbitmq rabbitmq = properties.rabbitmq();
                var relay = registry.enableStompBrokerRelay(Destinations.QUEUE_PREFIX, Destinations.TOPIC_PREFIX)
                        .setRelayHost(rabbitmq.host())
                        .setRelayPort(rabbitmq.stompPort())
                        .setSystemLogin(rabbitmq.user())
                        .setSystemPasscode(rabbitmq.password())
                        .setClientLogin(rabbitmq.user())
                        .setClientPasscode(rabbitmq.password())
                        .setUserDestinationBroadcast(Destinations.UNRESOLVED_USER_BROADCAST)
                        .setUserRegistryBroadcast(Destinations.USER_REGISTRY_BROADCAST);
                if (rabbitmq.virtualHost() != null) {
                    relay.setVirtualHost(rabbitmq.virtualHost());
                }
                registry.configureBrokerChannel().interceptors(new RabbitQueueExpiry());
            }
        }
    }

    /**
     * Frames from clients are handled by a fixed set of workers from a bounded queue, instead of
     * Boot's application executor (a virtual thread per frame, without limit). This configurer runs
     * after Boot's, so its executor is the one the channel gets. The executor becomes the
     * {@code clientInboundChannelExecutor} bean, which starts and stops it.
     */
    static ThreadPoolTaskExecutor inboundExecutor(RealtimeProperties.Inbound inbound) {
        ThreadPoolTaskExecutor executor = new ThreadPoolTaskExecutor();
        executor.setCorePoolSize(inbound.threads());
        executor.setMaxPoolSize(inbound.threads());
        executor.setQueueCapacity(inbound.queueCapacity());
        executor.setThreadNamePrefix("clientInboundChannel-");
        // only frames InboundAdmission never refuses (CONNECT, SUBSCRIBE, DISCONNECT...) or a SEND that
        // raced another socket for the last place get here: the socket's own thread handles them
        executor.setRejectedExecutionHandler(new ThreadPoolExecutor.CallerRunsPolicy());
        return executor;
    }

    @Override
    public void configureClientOutboundChannel(ChannelRegistration registration) {
        registration.interceptors(new SendOrder());
    }

    @Override
    public void configureClientInboundChannel(ChannelRegistration registration) {
        ThreadPoolTaskExecutor executor = inboundExecutor(properties.inbound());
        registration.executor(executor);
        // after the authorization rules (registered by configurers that run before this one)
        registration.interceptors(new InboundAdmission(executor, clientOutbound, localSubscriptions, json, meters),
                new ReceiveOrder(), localSubscriptions);
        if (properties.broker() == RealtimeProperties.Broker.SIMPLE) {
            registration.interceptors(new SubscriptionReceipts(clientOutbound));
        }
    }
}
