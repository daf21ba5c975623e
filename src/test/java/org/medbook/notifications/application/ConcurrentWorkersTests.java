package org.medbook.notifications.application;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.Test;
import org.medbook.notifications.api.NotificationTestSupport;
import org.medbook.support.TestDatabase;
import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Several workers (threads here, nodes in production: the database is what they share) claim the
 * same due reminders and the same events at once; each fires and each is fanned out exactly once.
 */
class ConcurrentWorkersTests extends NotificationTestSupport {

    @Autowired
    private NotificationWorkers workers;

    @Autowired
    private FanOut fanOut;

    @Test
    void dueRemindersRacedForByManyWorkersFireOnceEach() throws Exception {
        NewDoctor doctor = bookableDoctor();
        List<String> bookings = new ArrayList<>();
        List<String> starts = freeSlots(doctor.id(), "IN_PERSON", 7).stream()
                .filter(s -> instant(s).isAfter(clock.instant().plus(Duration.ofHours(49)))).limit(6).toList();
        for (String start : starts) {
            bookings.add(booked(newPatient("race"), doctor.id(), start, "IN_PERSON", "CASH"));
        }
        await().atMost(Duration.ofSeconds(15)).until(() -> count(
                "SELECT count(*) FROM notification_reminders WHERE booking_id::text = ANY(?)", (Object) bookings.toArray(String[]::new))
                == 2L * bookings.size());
        try (Connection c = TestDatabase.connect(); PreparedStatement due = c.prepareStatement(
                "UPDATE notification_reminders SET due_at = now() - interval '1 minute' WHERE booking_id::text = ANY(?)")) {
            due.setArray(1, c.createArrayOf("text", bookings.toArray()));
            due.executeUpdate();
        }

        race(8, () -> {
            workers.fireDueReminders();
            fanOut.runOnce();
        });

        await().atMost(Duration.ofSeconds(15)).until(() -> count("SELECT count(*) FROM notifications WHERE kind = 'VISIT_REMINDER'"
                + " AND data->>'bookingId' = ANY(?)", (Object) bookings.toArray(String[]::new)) == 4L * bookings.size());
        await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(3)).until(() -> count(
                "SELECT count(*) FROM notifications WHERE kind = 'VISIT_REMINDER' AND data->>'bookingId' = ANY(?)",
                (Object) bookings.toArray(String[]::new)) == 4L * bookings.size());
        assertThat(count("SELECT count(*) FROM notification_deliveries d JOIN notifications n ON n.id = d.notification_id"
                + " WHERE n.kind = 'VISIT_REMINDER' AND n.data->>'bookingId' = ANY(?) AND d.channel = 'EMAIL'",
                (Object) bookings.toArray(String[]::new))).isEqualTo(4L * bookings.size());
    }

    private static void race(int threads, Runnable work) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<?>> done = new ArrayList<>();
        for (int i = 0; i < threads; i++) {
            done.add(pool.submit(() -> {
                start.await();
                work.run();
                return null;
            }));
        }
        start.countDown();
        for (Future<?> future : done) {
            future.get();
        }
        pool.shutdown();
    }
}
