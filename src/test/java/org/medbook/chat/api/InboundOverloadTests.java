package org.medbook.chat.api;

import java.util.concurrent.Executor;

import io.micrometer.core.instrument.MeterRegistry;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.medbook.shared.realtime.InboundOverload;
import org.medbook.shared.realtime.RealtimeProperties;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.messaging.simp.stomp.StompHeaders;
import org.springframework.messaging.support.ExecutorSubscribableChannel;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;

import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Under overload the server refuses a chat SEND with {@code 503 server-busy} instead of queueing it
 * without limit, and the connection stays open and usable. The overload is made by holding every
 * worker of the real inbound executor and filling its queue.
 */
@ExtendWith(OutputCaptureExtension.class)
class InboundOverloadTests extends ChatTestSupport {

    @Autowired
    @Qualifier("clientInboundChannelExecutor")
    private Executor inboundExecutor;

    @Autowired
    @Qualifier("clientInboundChannel")
    private ExecutorSubscribableChannel clientInbound;

    @Autowired
    private MeterRegistry meters;

    @Test
    void framesFromClientsWaitInABoundedQueueForAFixedSetOfWorkers() {
        assertThat(clientInbound.getExecutor()).isSameAs(inboundExecutor);
        assertThat(clientInbound.getSubscribers()).as("the handlers each frame is queued for, as the README counts them")
                .hasSize(3);
        assertThat(inboundExecutor).isInstanceOfSatisfying(ThreadPoolTaskExecutor.class, executor -> {
            assertThat(executor.getCorePoolSize()).isEqualTo(RealtimeProperties.Inbound.defaultThreads());
            assertThat(executor.getMaxPoolSize()).isEqualTo(executor.getCorePoolSize());
            assertThat(executor.getQueueCapacity()).isEqualTo(3000);
        });
    }

    @Test
    void aSendRefusedUnderOverloadSaysRetryLaterAndTheConnectionStaysUsable(CapturedOutput output) throws Exception {
        Pair pair = pair();
        double refusedBefore = refused();
        try (ChatStompClient patient = connect(pair.patient()).subscribe(MESSAGES).subscribe(ERRORS)) {
            StompHeaders refused;
            JsonNode problem;
            try (InboundOverload overload = InboundOverload.of(inboundExecutor, ChatStompClient.WAIT)) {
                refused = patient.sendForReceipt(pair.app("messages"), message("busy-1", "Are you there?"));
                problem = patient.next(ERRORS);
                // a SUBSCRIBE is never refused, also while the queue is full
                patient.subscribe(EVENTS);
            }

            assertThat(refused.getFirst("problem-type")).isEqualTo("https://medbook.org/problems/server-busy");
            assertThat(refused.getFirst("problem-status")).isEqualTo("503");
            assertThat(refused.getFirst("message")).startsWith("The server is too busy");
            assertThat(refused.getFirst("seq")).isNull();
            assertThat(problem.path("type").asString()).isEqualTo("https://medbook.org/problems/server-busy");
            assertThat(problem.path("title").asString()).isEqualTo("Server busy");
            assertThat(problem.path("status").asInt()).isEqualTo(503);
            assertThat(problem.path("retryAfterSeconds").asLong()).isEqualTo(1);
            assertThat(problem.path("destination").asString()).isEqualTo(pair.app("messages"));
            assertThat(problem.path("receiptId").asString()).isEqualTo(refused.getReceiptId());
            assertThat(refused() - refusedBefore).isEqualTo(1);
            assertThat(history(pair, pair.patient(), "")).as("nothing was stored").isEmpty();

            assertThat(patient.connected()).isTrue();
            StompHeaders again = patient.sendForReceipt(pair.app("messages"), message("busy-1", "Are you there?"));
            assertThat(again.getFirst("problem-type")).isNull();
            assertThat(again.getFirst("seq")).isEqualTo("1");
            assertThat(patient.next(MESSAGES).path("body").asString()).isEqualTo("Are you there?");
        }
        assertThat(output.getOut().lines().filter(line -> line.contains(" ERROR "))
                .filter(line -> line.contains("STOMP") || line.contains("MessageChannel") || line.contains("server-busy")))
                .as("a refusal for load is no server error").isEmpty();
    }

    private double refused() {
        return meters.get("medbook.realtime.inbound.refused").counter().count();
    }
}
