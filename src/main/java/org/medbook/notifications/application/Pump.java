package org.medbook.notifications.application;

import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A background loop that works while there is work, then waits for a nudge (work committed on this
 * node) or for {@code idle} to pass (work another node left, or a retry that came due).
 */
final class Pump {

    private static final Logger log = LoggerFactory.getLogger(Pump.class);

    private final String name;
    private final IntSupplier work;
    private final Duration idle;
    private final int fullBatch;
    private final Duration linger;
    private final Semaphore signal = new Semaphore(0);
    private volatile boolean running;
    private Thread thread;

    /**
     * @param fullBatch what one round of work takes at most: a full round means more is waiting
     * @param linger    the pause after a partial round, so the next one carries more work in one
     *                  transaction (each round has a fixed cost of a few statements) instead of one
     *                  event each as they trickle in under load
     */
    Pump(String name, IntSupplier work, Duration idle, int fullBatch, Duration linger) {
        this.name = name;
        this.work = work;
        this.idle = idle;
        this.fullBatch = fullBatch;
        this.linger = linger;
    }

    synchronized void start() {
        if (running) {
            return;
        }
        running = true;
        thread = Thread.ofPlatform().daemon().name(name).start(this::loop);
    }

    synchronized void stop() {
        running = false;
        if (thread != null) {
            thread.interrupt();
            try {
                thread.join(Duration.ofSeconds(5));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    void nudge() {
        if (signal.availablePermits() == 0) {
            signal.release();
        }
    }

    private void loop() {
        while (running) {
            int done;
            try {
                done = work.getAsInt();
            } catch (RuntimeException e) {
                if (!running) {
                    return;
                }
                log.warn("{} failed, will retry: {}", name, e.toString());
                done = 0;
            }
            if (done >= fullBatch) {
                continue;
            }
            if (done > 0) {
                try {
                    Thread.sleep(linger);
                } catch (InterruptedException e) {
                    return;
                }
                continue;
            }
            try {
                signal.tryAcquire(idle.toMillis(), TimeUnit.MILLISECONDS);
                signal.drainPermits();
            } catch (InterruptedException e) {
                return;
            }
        }
    }
}
