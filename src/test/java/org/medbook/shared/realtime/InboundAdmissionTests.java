package org.medbook.shared.realtime;

import java.security.Principal;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.messaging.Message;
import org.springframework.messaging.MessageHandler;
import org.springframework.messaging.simp.broker.OrderedMessageChannelDecorator;
import org.springframework.messaging.simp.stomp.StompCommand;
import org.springframework.messaging.simp.stomp.StompHeaderAccessor;
import org.springframework.messaging.support.ExecutorSubscribableChannel;
import org.springframework.messaging.support.MessageBuilder;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The inbound channel's bound, against the executor the application builds: one worker held on a
 * latch, the smallest queue allowed, and a handler that records what it was given.
 */
class InboundAdmissionTests {

    private static final int CAPACITY = RealtimeProperties.Inbound.MIN_QUEUE_CAPACITY;
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Principal PATIENT = () -> "patient-1";

    private final MeterRegistry meters = new SimpleMeterRegistry();
    private final List<Message<?>> toClients = new CopyOnWriteArrayList<>();
    private final BlockingQueue<Message<?>> handled = new LinkedBlockingQueue<>();
    private final CountDownLatch sendStarted = new CountDownLatch(1);
    private final CountDownLatch release = new CountDownLatch(1);

    private ThreadPoolTaskExecutor executor;
    private ExecutorSubscribableChannel inbound;

    @BeforeEach
    void channel() {
        executor = RealtimeConfiguration.inboundExecutor(new RealtimeProperties.Inbound(1, CAPACITY));
        executor.initialize();
        ExecutorSubscribableChannel outbound = new ExecutorSubscribableChannel();
        outbound.subscribe(toClients::add);
        OrderedMessageChannelDecorator.configureInterceptor(outbound, true);
        LocalSubscriptions subscriptions = new LocalSubscriptions(outbound);
        inbound = new ExecutorSubscribableChannel(executor);
        inbound.setInterceptors(List.of(new InboundAdmission(executor, outbound, subscriptions, JSON, meters),
                subscriptions));
        inbound.subscribe(holdingSends());
    }

    @AfterEach
    void stop() {
        release.countDown();
        executor.shutdown();
    }

    /** Handles everything at once, except a SEND, which holds its worker until released. */
    private MessageHandler holdingSends() {
        return message -> {
            if (StompCommand.SEND.equals(StompHeaderAccessor.wrap(message).getCommand())) {
                sendStarted.countDown();
                try {
                    // bounded, so a SEND that wrongly runs on the sender's thread fails the test instead of hanging it
                    assertThat(release.await(10, TimeUnit.SECONDS)).as("released").isTrue();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            handled.add(message);
        };
    }

    @Test
    void aSendThatFindsTheQueueFullIsRefusedWith503AndOtherFramesStillPass() throws InterruptedException {
        assertThat(inbound.send(frame(StompCommand.SUBSCRIBE, "s1", null, InboundAdmission.ERRORS))).isTrue();
        assertThat(next()).isNotNull();

        assertThat(inbound.send(send("s1", "r-1"))).isTrue();
        assertThat(sendStarted.await(10, TimeUnit.SECONDS)).as("the worker holds the first SEND").isTrue();
        for (int queued = 2; queued <= CAPACITY + 1; queued++) {
            assertThat(inbound.send(send("s1", "r-" + queued))).as("SEND " + queued + " is queued").isTrue();
        }
        assertThat(executor.getThreadPoolExecutor().getQueue().remainingCapacity()).isZero();

        assertThat(inbound.send(send("s1", "r-busy"))).as("the queue is full").isFalse();

        StompHeaderAccessor receipt = StompHeaderAccessor.wrap(toClients.get(0));
        assertThat(receipt.getCommand()).isEqualTo(StompCommand.RECEIPT);
        assertThat(receipt.getReceiptId()).isEqualTo("r-busy");
        assertThat(receipt.getSessionId()).isEqualTo("s1");
        assertThat(receipt.getFirstNativeHeader("problem-type")).isEqualTo("https://medbook.org/problems/server-busy");
        assertThat(receipt.getFirstNativeHeader("problem-status")).isEqualTo("503");
        assertThat(receipt.getMessage()).isEqualTo(InboundAdmission.DETAIL);
        StompHeaderAccessor error = StompHeaderAccessor.wrap(toClients.get(1));
        assertThat(error.getCommand()).isEqualTo(StompCommand.MESSAGE);
        assertThat(error.getSessionId()).isEqualTo("s1");
        assertThat(error.getSubscriptionId()).isEqualTo("sub-" + InboundAdmission.ERRORS);
        assertThat(error.getDestination()).isEqualTo("/user/queue/errors");
        JsonNode problem = JSON.readTree((byte[]) toClients.get(1).getPayload());
        assertThat(problem.path("type").asString()).isEqualTo("https://medbook.org/problems/server-busy");
        assertThat(problem.path("title").asString()).isEqualTo("Server busy");
        assertThat(problem.path("status").asInt()).isEqualTo(503);
        assertThat(problem.path("detail").asString()).isEqualTo(InboundAdmission.DETAIL);
        assertThat(problem.path("destination").asString()).isEqualTo("/app/conversations/c/messages");
        assertThat(problem.path("retryAfterSeconds").asLong()).isEqualTo(1);
        assertThat(problem.path("receiptId").asString()).isEqualTo("r-busy");
        assertThat(refused()).isEqualTo(1);

        // cheap frames are never refused: with no room they run on the sender's own thread
        for (Message<?> cheap : List.of(frame(StompCommand.SUBSCRIBE, "s1", "sub-2", "/user/queue/messages"),
                frame(StompCommand.UNSUBSCRIBE, "s1", "sub-2", null), heartbeat("s1"),
                frame(StompCommand.DISCONNECT, "s2", null, null))) {
            assertThat(inbound.send(cheap)).isTrue();
            assertThat(handled.poll()).as("handled at once").isSameAs(cheap);
        }
        assertThat(toClients).as("nothing more was sent to the clients").hasSize(2);

        release.countDown();
        for (int queued = 1; queued <= CAPACITY + 1; queued++) {
            assertThat(StompHeaderAccessor.wrap(next()).getReceipt()).isEqualTo("r-" + queued);
        }
        assertThat(inbound.send(send("s1", "r-again"))).as("the queue has room again").isTrue();
        assertThat(StompHeaderAccessor.wrap(next()).getReceipt()).isEqualTo("r-again");
        assertThat(handled).as("the refused SEND was never handled").isEmpty();
        assertThat(refused()).isEqualTo(1);
    }

    @Test
    void aRefusedSendWithoutAReceiptLearnsWhyOnItsErrorsQueueOnly() throws InterruptedException {
        inbound.send(frame(StompCommand.SUBSCRIBE, "s1", null, InboundAdmission.ERRORS));
        inbound.send(frame(StompCommand.SUBSCRIBE, "s2", null, InboundAdmission.ERRORS));
        next();
        next();
        inbound.send(send("s1", null));
        assertThat(sendStarted.await(10, TimeUnit.SECONDS)).isTrue();
        for (int queued = 0; queued < CAPACITY; queued++) {
            inbound.send(send("s1", null));
        }

        assertThat(inbound.send(send("s2", null))).isFalse();

        assertThat(toClients).singleElement().satisfies(message -> {
            StompHeaderAccessor error = StompHeaderAccessor.wrap(message);
            assertThat(error.getCommand()).isEqualTo(StompCommand.MESSAGE);
            assertThat(error.getSessionId()).as("only the sending session").isEqualTo("s2");
            JsonNode problem = JSON.readTree((byte[]) message.getPayload());
            assertThat(problem.path("status").asInt()).isEqualTo(503);
            assertThat(problem.has("receiptId")).isFalse();
        });
        assertThat(refused()).isEqualTo(1);
    }

    @Test
    void theSettingsDefaultTheWorkersAndRefuseAQueueTooSmallForFrames() {
        assertThat(new RealtimeProperties.Inbound(null, 3000).threads())
                .isEqualTo(Math.max(8, 4 * Runtime.getRuntime().availableProcessors()));
        assertThatThrownBy(() -> new RealtimeProperties.Inbound(0, 3000)).hasMessageContaining("threads");
        assertThatThrownBy(() -> new RealtimeProperties.Inbound(8, CAPACITY - 1)).hasMessageContaining("queue-capacity");
    }

    private Message<?> next() throws InterruptedException {
        Message<?> message = handled.poll(10, TimeUnit.SECONDS);
        assertThat(message).as("a frame was handled").isNotNull();
        return message;
    }

    private double refused() {
        return meters.get("medbook.realtime.inbound.refused").counter().count();
    }

    private static Message<byte[]> send(String session, String receipt) {
        StompHeaderAccessor frame = StompHeaderAccessor.create(StompCommand.SEND);
        frame.setSessionId(session);
        frame.setUser(PATIENT);
        frame.setDestination("/app/conversations/c/messages");
        if (receipt != null) {
            frame.setReceipt(receipt);
        }
        frame.setLeaveMutable(true);
        return MessageBuilder.createMessage("{}".getBytes(), frame.getMessageHeaders());
    }

    private static Message<byte[]> frame(StompCommand command, String session, String subscription, String destination) {
        StompHeaderAccessor frame = StompHeaderAccessor.create(command);
        frame.setSessionId(session);
        frame.setUser(PATIENT);
        if (subscription != null || destination != null) {
            frame.setSubscriptionId(subscription == null ? "sub-" + destination : subscription);
        }
        if (destination != null) {
            frame.setDestination(destination);
        }
        frame.setLeaveMutable(true);
        return MessageBuilder.createMessage(new byte[0], frame.getMessageHeaders());
    }

    private static Message<byte[]> heartbeat(String session) {
        StompHeaderAccessor frame = StompHeaderAccessor.createForHeartbeat();
        frame.setSessionId(session);
        frame.setLeaveMutable(true);
        return MessageBuilder.createMessage(new byte[0], frame.getMessageHeaders());
    }
}
