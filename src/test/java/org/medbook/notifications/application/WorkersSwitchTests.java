package org.medbook.notifications.application;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.medbook.support.IntegrationTest;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.PlatformTransactionManager;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code medbook.notifications.workers}: a node with the workers off runs none of their loops, so its
 * cores go to requests while a node with them on does the work. The loops here count their rounds
 * instead of working (the shared application's own workers do the work meanwhile), and idle for an
 * hour, so every round within a test was set off by the start or by a nudge (a reminder that comes due
 * meanwhile nudges the fan-out too).
 */
class WorkersSwitchTests extends IntegrationTest {

    private static final Duration SOON = Duration.ofSeconds(5);

    @Autowired
    private NotificationStore store;

    @Autowired
    private NotificationIntake intake;

    @Autowired
    private PlatformTransactionManager transactions;

    @Autowired
    private Clock clock;

    private final AtomicInteger fanOutRounds = new AtomicInteger();
    private final AtomicInteger sendRounds = new AtomicInteger();
    private final Nudges nudges = new Nudges();
    private NotificationWorkers workers;

    @AfterEach
    void stopTheWorkers() {
        if (workers != null) {
            workers.stop();
        }
    }

    @Test
    void aNodeWithTheWorkersOnFansOutAndSendsAtStartAndWhenNudged() {
        workers = workers(true);
        workers.start();
        await().atMost(SOON).until(() -> fanOutRounds.get() >= 1 && sendRounds.get() >= 1);
        int fannedOut = fanOutRounds.get();
        int sent = sendRounds.get();

        nudges.fanOut();
        nudges.deliveries();

        await().atMost(SOON).until(() -> fanOutRounds.get() > fannedOut && sendRounds.get() > sent);
    }

    @Test
    void aNodeWithTheWorkersOffNeitherFansOutNorSendsEvenWhenNudged() {
        workers = workers(false);
        workers.start();
        nudges.fanOut();
        nudges.deliveries();

        await().during(Duration.ofMillis(500)).atMost(SOON).until(() -> fanOutRounds.get() == 0 && sendRounds.get() == 0);
        assertThat(workers.isRunning()).as("still a started bean, so the application stops it like any other").isTrue();
    }

    private NotificationWorkers workers(boolean on) {
        NotificationsProperties properties = new NotificationsProperties(true, List.of(), null, null, null, null, 200,
                Duration.ofHours(1), Duration.ZERO, 4, on);
        FanOut fanOut = new FanOut(store, null, null, null, null, null, null, properties, null, nudges, transactions, clock,
                null, null) {
            @Override
            int runOnce() {
                fanOutRounds.incrementAndGet();
                return 0;
            }
        };
        Deliveries deliveries = new Deliveries(store, List.of(), null, null, properties, clock, null) {
            @Override
            int runOnce() {
                sendRounds.incrementAndGet();
                return 0;
            }
        };
        return new NotificationWorkers(fanOut, deliveries, store, intake, nudges, properties, transactions, clock);
    }
}
