package org.medbook.shared.realtime;

import java.util.regex.Pattern;

/**
 * The destinations of Medbook's STOMP channel. Clients subscribe only to their own user queues
 * ({@code /user/queue/<name>}), which the server resolves to one queue per session; they send only
 * to application handlers under {@code /app}. Queue names are one plain segment, so no wildcard,
 * path trick or broker-specific syntax can widen a subscription.
 */
final class Destinations {

    static final String ENDPOINT = "/ws";
    static final String APPLICATION_PREFIX = "/app";
    static final String USER_PREFIX = "/user";
    static final String QUEUE_PREFIX = "/queue";
    static final String TOPIC_PREFIX = "/topic";

    /** Where a node publishes user messages it could not resolve, for the node holding the socket. */
    static final String UNRESOLVED_USER_BROADCAST = "/topic/medbook-unresolved-user-destination";
    /** Where nodes exchange who is connected, so each can resolve users connected elsewhere. */
    static final String USER_REGISTRY_BROADCAST = "/topic/medbook-user-registry";

    private static final Pattern QUEUE_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]{0,63}");

    private Destinations() {
    }

    static boolean isQueueName(String name) {
        return name != null && QUEUE_NAME.matcher(name).matches();
    }

    /** {@code /user/queue/<name>}: the caller's own queue, whatever session subscribes. */
    static boolean isOwnUserQueue(String destination) {
        String prefix = USER_PREFIX + QUEUE_PREFIX + "/";
        return destination != null && destination.startsWith(prefix) && isQueueName(destination.substring(prefix.length()));
    }

    static String userQueue(String name) {
        if (!isQueueName(name)) {
            throw new IllegalArgumentException("Not a queue name: " + name);
        }
        return QUEUE_PREFIX + "/" + name;
    }
}
