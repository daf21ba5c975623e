package org.medbook.chat.api;

import java.util.concurrent.Executor;

import org.junit.jupiter.api.Test;
import org.medbook.shared.realtime.RealtimeProperties;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.messaging.support.ExecutorSubscribableChannel;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;

import static org.assertj.core.api.Assertions.assertThat;

/** The frames clients send wait in a bounded queue for a fixed set of workers. */
class InboundOverloadTests extends ChatTestSupport {

    @Autowired
    @Qualifier("clientInboundChannelExecutor")
    private Executor inboundExecutor;

    @Autowired
    @Qualifier("clientInboundChannel")
    private ExecutorSubscribableChannel clientInbound;

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
}
