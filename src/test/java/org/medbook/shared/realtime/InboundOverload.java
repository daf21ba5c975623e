package org.medbook.shared.realtime;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;

import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;

/**
 * An overload of the real STOMP inbound executor for tests: every worker held and the queue full, so
 * the server refuses each client SEND with {@code 503 server-busy} until {@link #close()} lets the
 * workers go (what was queued then runs, and does nothing).
 */
public final class InboundOverload implements AutoCloseable {

    private final CountDownLatch release = new CountDownLatch(1);

    private InboundOverload() {
    }

    /** Holds every worker of {@code inboundExecutor} (the {@code clientInboundChannelExecutor}) and fills its queue. */
    public static InboundOverload of(Executor inboundExecutor, Duration wait) throws InterruptedException {
        ThreadPoolTaskExecutor executor = (ThreadPoolTaskExecutor) inboundExecutor;
        InboundOverload overload = new InboundOverload();
        int workers = executor.getMaxPoolSize();
        CountDownLatch held = new CountDownLatch(workers);
        for (int i = 0; i < workers; i++) {
            executor.execute(() -> {
                held.countDown();
                try {
                    overload.release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
        }
        if (!held.await(wait.toMillis(), TimeUnit.MILLISECONDS)) {
            overload.close();
            throw new AssertionError("the inbound workers were not all held");
        }
        var queue = executor.getThreadPoolExecutor().getQueue();
        while (queue.remainingCapacity() > 0) {
            executor.execute(() -> {
            });
        }
        return overload;
    }

    @Override
    public void close() {
        release.countDown();
    }
}
