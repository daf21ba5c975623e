package org.medbook.notifications.application;

import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The workers' loop on its own. Its idle wait is an hour in every test, so whatever happens within the
 * test's few seconds was set off by a nudge, a full round or the stop, never by the wait running out.
 */
class PumpTests {

    private static final Duration HOUR = Duration.ofHours(1);
    private static final Duration SOON = Duration.ofSeconds(5);

    private final String name = "pump-test-" + UUID.randomUUID();

    private Optional<Thread> thread() {
        return Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().equals(name)).findFirst();
    }

    @Test
    void itWorksOnStartThenOnlyWhenNudgedAndAStopEndsIt() {
        AtomicInteger rounds = new AtomicInteger();
        Pump pump = new Pump(name, () -> {
            rounds.incrementAndGet();
            return 0;
        }, HOUR, 100, Duration.ZERO);

        pump.start();
        await().atMost(SOON).until(() -> rounds.get() == 1);
        pump.nudge();
        await().atMost(SOON).until(() -> rounds.get() == 2);
        pump.nudge();
        await().atMost(SOON).until(() -> rounds.get() == 3);

        pump.stop();
        assertThat(thread()).as("the loop's thread ended").isEmpty();
        pump.nudge();
        await().during(Duration.ofMillis(300)).atMost(SOON).until(() -> rounds.get() == 3);
    }

    @Test
    void aFullRoundIsFollowedAtOnceAndAPartialOneAfterTheLinger() {
        AtomicInteger rounds = new AtomicInteger();
        int[] answers = {100, 100, 7, 0};
        Pump pump = new Pump(name, () -> {
            int round = rounds.getAndIncrement();
            return round < answers.length ? answers[round] : 0;
        }, HOUR, 100, Duration.ofMillis(10));

        pump.start();
        await().atMost(SOON).until(() -> rounds.get() == 4);
        await().during(Duration.ofMillis(300)).atMost(SOON).until(() -> rounds.get() == 4);
        pump.stop();
    }

    @Test
    void aFailedRoundWaitsForTheNextNudgeAndOneFailingBecauseOfTheStopEndsTheLoop() throws Exception {
        AtomicInteger rounds = new AtomicInteger();
        CountDownLatch stopping = new CountDownLatch(1);
        Pump pump = new Pump(name, () -> {
            if (rounds.incrementAndGet() == 1) {
                throw new IllegalStateException("the database is away");
            }
            try {
                stopping.await(); // blocks like a statement in flight until the stop interrupts it
            } catch (InterruptedException e) {
                throw new IllegalStateException("statement cancelled", e);
            }
            return 0;
        }, HOUR, 100, Duration.ZERO);

        pump.start();
        await().atMost(SOON).until(() -> rounds.get() == 1);
        await().during(Duration.ofMillis(300)).atMost(SOON).until(() -> rounds.get() == 1);
        pump.nudge();
        await().atMost(SOON).until(() -> rounds.get() == 2);
        assertThat(thread()).isPresent();

        pump.stop();
        assertThat(thread()).as("a round that fails because of the stop ends the loop").isEmpty();
        assertThat(stopping.getCount()).isOne();
    }
}
