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
 * @param inbound  the workers that handle the frames clients send
 */
@ConfigurationProperties("medbook.realtime")
public record RealtimeProperties(@DefaultValue("SIMPLE") Broker broker, @DefaultValue Rabbitmq rabbitmq,
                                 @DefaultValue Inbound inbound) {

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

    /**
     * The client inbound channel's executor: a fixed set of workers and a bounded queue, so frames
     * cannot pile up in memory without limit under overload (a SEND that finds no room is refused,
     * see {@link InboundAdmission}).
     *
     * @param threads       workers; empty for {@link #defaultThreads()}. Handlers wait on the
     *                      database, so there are more workers than cores
     * @param queueCapacity handler runs that may wait for a worker; each frame needs one per handler
     *                      of the channel (three)
     */
    public record Inbound(Integer threads, @DefaultValue("3000") int queueCapacity) {

        static final int MIN_QUEUE_CAPACITY = 10;

        public Inbound {
            if (threads == null) {
                threads = defaultThreads();
            }
            if (threads < 1) {
                throw new IllegalArgumentException("medbook.realtime.inbound.threads must be at least 1, not " + threads);
            }
            // a frame takes one place per handler: a smaller queue would refuse nearly every SEND
            if (queueCapacity < MIN_QUEUE_CAPACITY) {
                throw new IllegalArgumentException("medbook.realtime.inbound.queue-capacity must be at least "
                        + MIN_QUEUE_CAPACITY + ", not " + queueCapacity);
            }
        }

        /** Four per core, at least eight. */
        public static int defaultThreads() {
            return Math.max(8, 4 * Runtime.getRuntime().availableProcessors());
        }
    }
}
