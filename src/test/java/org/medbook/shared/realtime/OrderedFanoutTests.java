package org.medbook.shared.realtime;

import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.Test;
import org.springframework.messaging.Message;
import org.springframework.messaging.simp.SimpMessagingTemplate;
import org.springframework.messaging.simp.stomp.StompHeaderAccessor;
import org.springframework.messaging.support.AbstractMessageChannel;
import org.springframework.messaging.support.ExecutorSubscribableChannel;

import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The order of pushes across nodes rests on one wait: a sender returns only once its last push came
 * back from the broker's shared topic. These tests play the broker: they hold the published pushes
 * and hand them back when they choose.
 */
class OrderedFanoutTests {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final List<UUID> USERS = List.of(UUID.randomUUID(), UUID.randomUUID());

    private final Broker broker = new Broker();
    private final AtomicBoolean connected = new AtomicBoolean(true);

    @Test
    void aSenderReturnsOnlyOnceItsLastPushCameBackFromTheTopic() {
        OrderedFanout fanout = fanout(WAIT);

        CompletableFuture<Void> sending = CompletableFuture.runAsync(
                () -> fanout.sendInOrder(USERS, "messages", List.of("one", "two", "three")));

        await().atMost(WAIT).until(() -> broker.published.size() == 3);
        assertThat(broker.published).extracting(OrderedFanoutTests::body)
                .containsExactly("\"one\"", "\"two\"", "\"three\"");
        assertThat(broker.published).allSatisfy(push -> {
            assertThat(header(push, OrderedFanout.USERS)).isEqualTo(USERS.get(0) + "," + USERS.get(1));
            assertThat(header(push, OrderedFanout.QUEUE)).isEqualTo("messages");
        });
        // the first two coming back is not enough: the last one published is what every node queued last
        fanout.received(broker.published.get(0));
        fanout.received(broker.published.get(1));
        await().during(Duration.ofMillis(300)).atMost(WAIT).until(() -> !sending.isDone());

        fanout.received(broker.published.get(2));
        await().atMost(WAIT).until(sending::isDone);
    }

    @Test
    void anotherNodesPushWithTheSameMarkDoesNotReleaseTheSender() {
        OrderedFanout fanout = fanout(WAIT);
        OrderedFanout otherNode = fanout(Duration.ofMillis(100));

        CompletableFuture<Void> sending = CompletableFuture.runAsync(() -> fanout.sendInOrder(USERS, "messages", List.of("a")));
        await().atMost(WAIT).until(() -> broker.published.size() == 1);
        otherNode.sendInOrder(USERS, "messages", List.of("b"));
        // both nodes numbered their first push 1; only the sender's own node's origin counts
        fanout.received(broker.published.get(1));
        await().during(Duration.ofMillis(300)).atMost(WAIT).until(() -> !sending.isDone());

        fanout.received(broker.published.get(0));
        await().atMost(WAIT).until(sending::isDone);
    }

    @Test
    void aBrokerThatDoesNotAnswerIsWaitedForNoLongerThanTheEchoWait() {
        OrderedFanout fanout = fanout(Duration.ofMillis(200));

        CompletableFuture<Void> sending = CompletableFuture.runAsync(() -> fanout.sendInOrder(USERS, "messages", List.of("x")));

        await().atMost(WAIT).until(sending::isDone);
        assertThat(broker.published).hasSize(1);
    }

    @Test
    void whileTheRelayIsNotConnectedNothingIsPublishedOrWaitedFor() {
        connected.set(false);
        OrderedFanout fanout = fanout(Duration.ofHours(1));

        CompletableFuture<Void> sending = CompletableFuture.runAsync(() -> fanout.sendInOrder(USERS, "messages", List.of("x")));

        await().atMost(WAIT).until(sending::isDone);
        assertThat(broker.published).isEmpty();
    }

    private OrderedFanout fanout(Duration echoWait) {
        LocalSubscriptions sockets = new LocalSubscriptions(new ExecutorSubscribableChannel());
        return new OrderedFanout(sockets, new SimpMessagingTemplate(broker), JsonMapper.builder().build(), true,
                connected::get, echoWait);
    }

    private static String header(Message<?> message, String name) {
        return StompHeaderAccessor.wrap(message).getFirstNativeHeader(name);
    }

    private static String body(Message<?> message) {
        return new String((byte[]) message.getPayload());
    }

    /** Keeps what is published, in order, and hands nothing back by itself. */
    private static final class Broker extends AbstractMessageChannel {
        final List<Message<?>> published = new CopyOnWriteArrayList<>();

        @Override
        protected boolean sendInternal(Message<?> message, long timeout) {
            published.add(message);
            return true;
        }
    }
}
