package org.medbook.shared.realtime;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.messaging.Message;
import org.springframework.messaging.MessagingException;
import org.springframework.messaging.simp.SimpMessageHeaderAccessor;
import org.springframework.messaging.simp.SimpMessageSendingOperations;
import org.springframework.messaging.simp.SimpMessageType;
import org.springframework.messaging.simp.stomp.StompHeaderAccessor;
import org.springframework.messaging.support.MessageBuilder;
import org.springframework.util.MimeTypeUtils;

import tools.jackson.databind.json.JsonMapper;

/**
 * {@link OrderedUserMessages}: every node writes to the sockets it holds itself, from one ordered
 * stream that all nodes share.
 * <p>
 * Going through each user's queue would not keep the order across nodes: two nodes publish over
 * two broker connections, and a push to a user whose socket another node holds may travel through
 * that node first (the user registry's broadcast), so a later push can overtake an earlier one. So
 * with the RabbitMQ relay an ordered push is published once to one topic that every node
 * subscribes to on its relay connection, and each node writes it to its own sockets of the users
 * named in its headers, in the order the topic delivers. The sender waits until its own node has
 * received its last push back from the topic: RabbitMQ hands a connection's messages to every
 * subscriber's queue in the order published, so by then they are queued for every node ahead of
 * anything published afterwards. With the in-memory broker there is one node, and the pushes are
 * written at once.
 * <p>
 * The wait is what keeps the order, so it is generous ({@link #ECHO_WAIT}): a busy broker or a
 * paused node is waited for, and only a broker that does not answer for that long lets the next
 * sender go with the order no longer guaranteed (and says so in the log). While the relay is not
 * connected at all, nothing is published and nothing is waited for.
 */
final class OrderedFanout implements OrderedUserMessages {

    /** The topic every node subscribes to on its relay connection. */
    static final String TOPIC = Destinations.TOPIC_PREFIX + "/medbook-ordered-user-messages";
    static final String USERS = "medbook-users";
    static final String QUEUE = "medbook-queue";
    static final String ORIGIN = "medbook-origin";
    static final String MARK = "medbook-mark";
    /**
     * At most this long a sender waits for its pushes to come back from the broker: well past a busy
     * broker's or a paused node's delay, and within the delivery transaction's time-out.
     */
    static final Duration ECHO_WAIT = Duration.ofSeconds(5);

    private static final Logger log = LoggerFactory.getLogger(OrderedFanout.class);

    private final LocalSubscriptions local;
    private final SimpMessageSendingOperations messaging;
    private final JsonMapper json;
    private final boolean relayed;
    private final BooleanSupplier brokerAvailable;
    private final Duration echoWait;
    private final String node = UUID.randomUUID().toString();
    private final AtomicLong marks = new AtomicLong();
    private final Map<Long, CompletableFuture<Void>> echoes = new ConcurrentHashMap<>();
    private final AtomicBoolean failing = new AtomicBoolean();

    /** Writes at once to this node's sockets: the in-memory broker, one node. */
    static OrderedFanout local(LocalSubscriptions local, SimpMessageSendingOperations messaging, JsonMapper json) {
        return new OrderedFanout(local, messaging, json, false, () -> false, ECHO_WAIT);
    }

    /** Publishes to the shared topic through the relay, whose connection {@code brokerAvailable} tells. */
    static OrderedFanout relayed(LocalSubscriptions local, SimpMessageSendingOperations messaging, JsonMapper json,
            BooleanSupplier brokerAvailable) {
        return new OrderedFanout(local, messaging, json, true, brokerAvailable, ECHO_WAIT);
    }

    OrderedFanout(LocalSubscriptions local, SimpMessageSendingOperations messaging, JsonMapper json, boolean relayed,
            BooleanSupplier brokerAvailable, Duration echoWait) {
        this.local = local;
        this.messaging = messaging;
        this.json = json;
        this.relayed = relayed;
        this.brokerAvailable = brokerAvailable;
        this.echoWait = echoWait;
    }

    @Override
    public void sendInOrder(Collection<UUID> users, String queue, List<?> payloads) {
        String destination = Destinations.USER_PREFIX + Destinations.userQueue(queue);
        List<String> names = users.stream().map(Objects::toString).toList();
        if (!relayed) {
            payloads.forEach(payload -> write(names, destination, json.writeValueAsBytes(payload)));
            return;
        }
        if (!brokerAvailable.getAsBoolean()) {
            // the relay drops what it cannot forward: nothing would come back to wait for
            if (failing.compareAndSet(false, true)) {
                log.warn("Ordered real-time messages to {} are missed: the broker relay is not connected", destination);
            }
            return;
        }
        long mark = 0;
        CompletableFuture<Void> echo = null;
        try {
            for (Object payload : payloads) {
                mark = marks.incrementAndGet();
                echo = new CompletableFuture<>();
                echoes.put(mark, echo);
                messaging.send(TOPIC, published(names, queue, mark, json.writeValueAsBytes(payload)));
            }
            if (echo != null) {
                echo.get(echoWait.toMillis(), TimeUnit.MILLISECONDS);
            }
            if (failing.compareAndSet(true, false)) {
                log.info("Ordered real-time messages are delivered again");
            }
        } catch (TimeoutException e) {
            if (failing.compareAndSet(false, true)) {
                log.warn("The broker did not hand back an ordered real-time message within {} ms: later ones to {} may "
                        + "overtake it, or it may be missed, until the broker answers again", echoWait.toMillis(), destination);
            }
        } catch (MessagingException | java.util.concurrent.ExecutionException e) {
            if (failing.compareAndSet(false, true)) {
                log.warn("Ordered real-time messages to {} may be missed until the broker answers again: {}", destination,
                        e.toString());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            for (long m = mark - payloads.size() + 1; m <= mark; m++) {
                echoes.remove(m);
            }
        }
    }

    private Message<byte[]> published(List<String> users, String queue, long mark, byte[] body) {
        SimpMessageHeaderAccessor headers = SimpMessageHeaderAccessor.create(SimpMessageType.MESSAGE);
        headers.setNativeHeader(USERS, String.join(",", users));
        headers.setNativeHeader(QUEUE, queue);
        headers.setNativeHeader(ORIGIN, node);
        headers.setNativeHeader(MARK, Long.toString(mark));
        headers.setContentType(MimeTypeUtils.APPLICATION_JSON);
        headers.setLeaveMutable(true);
        return MessageBuilder.createMessage(body, headers.getMessageHeaders());
    }

    /** A push from the topic (this node's own included): to this node's sockets of the users it names. */
    void received(Message<?> message) {
        StompHeaderAccessor headers = StompHeaderAccessor.wrap(message);
        String users = headers.getFirstNativeHeader(USERS);
        String queue = headers.getFirstNativeHeader(QUEUE);
        if (users != null && Destinations.isQueueName(queue) && message.getPayload() instanceof byte[] body) {
            write(List.of(users.split(",")), Destinations.USER_PREFIX + Destinations.userQueue(queue), body);
        }
        if (node.equals(headers.getFirstNativeHeader(ORIGIN))) {
            String mark = headers.getFirstNativeHeader(MARK);
            CompletableFuture<Void> echo = mark == null ? null : echoes.get(Long.parseLong(mark));
            if (echo != null) {
                echo.complete(null);
            }
        }
    }

    private void write(List<String> users, String destination, byte[] body) {
        List<LocalSubscriptions.Target> targets = new ArrayList<>();
        users.forEach(user -> targets.addAll(local.targets(user, destination)));
        for (LocalSubscriptions.Target target : targets) {
            target.write(destination, body);
        }
    }
}
