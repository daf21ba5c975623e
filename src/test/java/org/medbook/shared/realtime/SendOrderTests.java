package org.medbook.shared.realtime;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import org.apache.commons.logging.LogFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.messaging.Message;
import org.springframework.messaging.MessageDeliveryException;
import org.springframework.messaging.MessageHandler;
import org.springframework.messaging.simp.SimpMessageHeaderAccessor;
import org.springframework.messaging.simp.SimpMessageType;
import org.springframework.messaging.simp.broker.OrderedMessageChannelDecorator;
import org.springframework.messaging.support.ExecutorSubscribableChannel;
import org.springframework.messaging.support.MessageBuilder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Frames ordered for one socket, handled by the outbound channel's many threads. The handler here
 * does what Spring's STOMP handler and the socket do with a frame's "next frame" task: hand it to
 * the socket, which may run it as soon as any other frame is buffered, before this one is.
 */
class SendOrderTests {

    private static final int FRAMES = 200;

    private final ExecutorService threads = Executors.newFixedThreadPool(8);
    private final List<String> events = new ArrayList<>();

    @AfterEach
    void stop() throws InterruptedException {
        threads.shutdownNow();
        threads.awaitTermination(5, TimeUnit.SECONDS);
    }

    @Test
    void eachOrderedFrameIsHandledWholeBeforeTheNextStarts() {
        ExecutorSubscribableChannel outbound = outbound(frame -> {
            record("start " + frame.getPayload());
            Runnable early = OrderedMessageChannelDecorator.getNextMessageTask(frame);
            if (early != null) {
                // what an unrelated frame buffered meanwhile does with the socket's callback
                early.run();
            }
            Thread.yield();
            record("end " + frame.getPayload());
        });
        OrderedMessageChannelDecorator socket = new OrderedMessageChannelDecorator(outbound, LogFactory.getLog(getClass()));

        for (int i = 0; i < FRAMES; i++) {
            socket.send(frame(i));
        }

        await().until(() -> size() == 2 * FRAMES);
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < FRAMES; i++) {
            expected.add("start " + i);
            expected.add("end " + i);
        }
        assertThat(snapshot()).containsExactlyElementsOf(expected);
    }

    @Test
    void aFrameWhoseHandlerFailsStillLetsTheNextGo() {
        ExecutorSubscribableChannel outbound = outbound(frame -> {
            record("handled " + frame.getPayload());
            if ("0".equals(frame.getPayload())) {
                throw new IllegalStateException("the socket closed");
            }
        });
        OrderedMessageChannelDecorator socket = new OrderedMessageChannelDecorator(outbound, LogFactory.getLog(getClass()));

        socket.send(frame(0));
        socket.send(frame(1));

        await().until(() -> size() == 3);
        assertThat(snapshot()).contains("failed 0")
                .filteredOn(event -> event.startsWith("handled")).containsExactly("handled 0", "handled 1");
    }

    private ExecutorSubscribableChannel outbound(MessageHandler handler) {
        // a handler's failure ends its task here, as it would end a pooled thread's task in the server
        ExecutorSubscribableChannel channel = new ExecutorSubscribableChannel(task -> threads.execute(() -> {
            try {
                task.run();
            } catch (MessageDeliveryException failed) {
                record("failed " + failed.getFailedMessage().getPayload());
            }
        }));
        channel.subscribe(handler);
        // as the broker configuration does with publish order preserved, then as Medbook adds its own
        OrderedMessageChannelDecorator.configureInterceptor(channel, true);
        channel.addInterceptor(new SendOrder());
        return channel;
    }

    private static Message<String> frame(int n) {
        SimpMessageHeaderAccessor headers = SimpMessageHeaderAccessor.create(SimpMessageType.MESSAGE);
        headers.setSessionId("socket");
        headers.setLeaveMutable(true);
        return MessageBuilder.createMessage(Integer.toString(n), headers.getMessageHeaders());
    }

    private synchronized void record(String event) {
        events.add(event);
    }

    private synchronized int size() {
        return events.size();
    }

    private synchronized List<String> snapshot() {
        return List.copyOf(events);
    }
}
