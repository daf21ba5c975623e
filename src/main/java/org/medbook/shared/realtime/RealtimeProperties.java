package org.medbook.shared.realtime;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The STOMP broker behind {@code /ws}.
 *
 * @param broker   {@link Broker#SIMPLE} keeps subscriptions in this node's memory (one node);
 *                 {@link Broker#RABBITMQ} relays them to RabbitMQ's STOMP plugin, so a message sent
 *                 on any node reaches a socket held by any other
 * @param rabbitmq where the relay connects when {@code broker} is {@code RABBITMQ}
 */
@ConfigurationProperties("medbook.realtime")
public record RealtimeProperties(@DefaultValue("SIMPLE") Broker broker, @DefaultValue Rabbitmq rabbitmq) {

    public enum Broker {
        SIMPLE, RABBITMQ
    }

    /**
     * @param host        RabbitMQ host
     * @param stompPort   the port of its STOMP plugin
     * @param user        login for the relay's own connection and the ones it opens per client
     * @param password    its password
     * @param virtualHost the RabbitMQ virtual host; blank for the broker's default
     */
    public record Rabbitmq(@DefaultValue("127.0.0.1") String host, @DefaultValue("61613") int stompPort,
                           @DefaultValue("guest") String user, @DefaultValue("guest") String password,
                           String virtualHost) {

        public Rabbitmq {
            if (stompPort <= 0 || stompPort > 65535) {
                throw new IllegalArgumentException("medbook.realtime.rabbitmq.stomp-port must be a TCP port, not " + stompPort);
            }
            virtualHost = virtualHost == null || virtualHost.isBlank() ? null : virtualHost.strip();
        }
    }
}
