package org.medbook.shared.realtime;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.messaging.Message;
import org.springframework.messaging.MessageChannel;
import org.springframework.messaging.MessageHandler;
import org.springframework.messaging.simp.SimpMessageHeaderAccessor;
import org.springframework.messaging.simp.SimpMessageType;
import org.springframework.messaging.support.ChannelInterceptor;
import org.springframework.messaging.support.ExecutorSubscribableChannel;
import org.springframework.messaging.support.MessageBuilder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * The frames of one session reach every handler in the order they were sent, although the channel
 * hands each frame to its own worker; a frame refused after it took its ticket holds nothing up.
 * The patience is an hour here, so a frame that waited for a ticket nobody handles would never
 * arrive within these tests.
 */
class ReceiveOrderTests {

    private static final Duration WAIT = Duration.ofSeconds(10);

    private final ExecutorService workers = Executors.newFixedThreadPool(4);
    private final ReceiveOrder order = new ReceiveOrder(Duration.ofHours(1));
    private final ExecutorSubscribableChannel channel = new ExecutorSubscribableChannel(workers);
    private final Recorder first = new Recorder();
    private final Recorder second = new Recorder();

    ReceiveOrderTests() {
        channel.addInterceptor(order);
        channel.addInterceptor(new Refusals());
        channel.subscribe(first);
        channel.subscribe(second);
    }

    @AfterEach
    void stop() throws InterruptedException {
        workers.shutdownNow();
        workers.awaitTermination(5, TimeUnit.SECONDS);
    }

    @Test
    void everyHandlerTakesASessionsFramesInTheOrderTheyWereSent() {
        LongStream.rangeClosed(1, 300).forEach(n -> channel.send(frame("s1", SimpMessageType.MESSAGE, "" + n)));

        List<String> sent = LongStream.rangeClosed(1, 300).mapToObj(Long::toString).toList();
        await().atMost(WAIT).untilAsserted(() -> {
            assertThat(first.bodies).containsExactlyElementsOf(sent);
            assertThat(second.bodies).containsExactlyElementsOf(sent);
        });
    }

    @Test
    void framesRefusedAfterTakingATicketDoNotHoldUpTheNext() {
        channel.send(frame("s1", SimpMessageType.MESSAGE, "1"));
        assertThatThrownBy(() -> channel.send(frame("s1", SimpMessageType.MESSAGE, "throw")))
                .hasRootCauseMessage("refused by a later rule");
        assertThat(channel.send(frame("s1", SimpMessageType.MESSAGE, "drop"))).isFalse();
        channel.send(frame("s1", SimpMessageType.MESSAGE, "4"));
        channel.send(frame("s1", SimpMessageType.MESSAGE, "5"));

        await().atMost(WAIT).untilAsserted(() -> {
            assertThat(first.bodies).containsExactly("1", "4", "5");
            assertThat(second.bodies).containsExactly("1", "4", "5");
        });
    }

    @Test
    void aReleasedTicketDoesNotLetALaterFrameOvertakeOneStillBeingHandled() throws InterruptedException {
        CountDownLatch holdFirst = new CountDownLatch(1);
        first.blockOn("1", holdFirst);

        channel.send(frame("s1", SimpMessageType.MESSAGE, "1"));
        assertThat(channel.send(frame("s1", SimpMessageType.MESSAGE, "drop"))).isFalse();
        channel.send(frame("s1", SimpMessageType.MESSAGE, "3"));

        await().atMost(WAIT).untilAsserted(() -> assertThat(second.bodies).containsExactly("1", "3"));
        assertThat(first.bodies).isEmpty();
        holdFirst.countDown();
        await().atMost(WAIT).untilAsserted(() -> assertThat(first.bodies).containsExactly("1", "3"));
    }

    @Test
    void sessionsAreIndependentAndForgottenOnceEveryHandlerTookTheirDisconnect() {
        CountDownLatch holdFirst = new CountDownLatch(1);
        first.blockOn("a1", holdFirst);
        channel.send(frame("a", SimpMessageType.MESSAGE, "a1"));
        channel.send(frame("b", SimpMessageType.MESSAGE, "b1"));
        channel.send(frame("b", SimpMessageType.DISCONNECT, "b-bye"));

        // session a's first frame is stuck on one handler; session b goes on regardless
        await().atMost(WAIT).untilAsserted(() -> assertThat(first.bodies).containsExactly("b1", "b-bye"));
        await().atMost(WAIT).untilAsserted(() -> assertThat(order.openSessions()).isEqualTo(1));

        holdFirst.countDown();
        channel.send(frame("a", SimpMessageType.DISCONNECT, "a-bye"));
        await().atMost(WAIT).untilAsserted(() -> assertThat(order.openSessions()).isZero());
    }

    private static Message<String> frame(String session, SimpMessageType type, String body) {
        SimpMessageHeaderAccessor headers = SimpMessageHeaderAccessor.create(type);
        headers.setSessionId(session);
        headers.setLeaveMutable(true);
        return MessageBuilder.createMessage(body, headers.getMessageHeaders());
    }

    /** After the ticket is issued: throws on "throw", filters out "drop". */
    private static final class Refusals implements ChannelInterceptor {
        @Override
        public Message<?> preSend(Message<?> message, MessageChannel channel) {
            return switch ((String) message.getPayload()) {
                case "throw" -> throw new IllegalStateException("refused by a later rule");
                case "drop" -> null;
                default -> message;
            };
        }
    }

    private static final class Recorder implements MessageHandler {
        final List<String> bodies = new CopyOnWriteArrayList<>();
        private volatile String blockedBody;
        private volatile CountDownLatch gate;

        void blockOn(String body, CountDownLatch latch) {
            blockedBody = body;
            gate = latch;
        }

        @Override
        public void handleMessage(Message<?> message) {
            String body = (String) message.getPayload();
            if (body.equals(blockedBody)) {
                try {
                    gate.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            bodies.add(body);
        }
    }
}
