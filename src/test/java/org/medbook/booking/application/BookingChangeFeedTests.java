package org.medbook.booking.application;

import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.medbook.booking.AppointmentStatus;
import org.medbook.booking.Bookings;
import org.medbook.booking.api.BookingTestSupport;
import org.medbook.booking.domain.Appointments;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The booking change feed a read model follows: a change is listed only after it commits and only once
 * every transaction that began before it has ended, so a reader moving its place to the last booking it
 * was given passes over nothing; a rolled-back change is never listed; a booking changed again moves to
 * its new change.
 */
class BookingChangeFeedTests extends BookingTestSupport {

    @Autowired
    Bookings bookings;
    @Autowired
    Appointments appointments;
    @Autowired
    PlatformTransactionManager transactions;
    @Autowired
    JdbcClient jdbc;

    @Test
    void aChangeWaitsForEveryTransactionBeforeItAndARolledBackOneIsNeverListed() throws Exception {
        NewDoctor doctor = bookableDoctor();
        List<String> slots = freeSlots(doctor.id(), "IN_PERSON", 3);
        UUID first = UUID.fromString(booked(newPatient("feed-first"), doctor.id(), slots.get(0), "IN_PERSON", "CASH"));
        UUID second = UUID.fromString(booked(newPatient("feed-second"), doctor.id(), slots.get(1), "IN_PERSON", "CASH"));
        Bookings.FeedPosition now = after(first, second);
        TransactionTemplate tx = new TransactionTemplate(transactions);

        CountDownLatch changed = new CountDownLatch(1);
        CountDownLatch commit = new CountDownLatch(1);
        ExecutorService other = Executors.newSingleThreadExecutor();
        try {
            // the first booking changes in a transaction that stays open ...
            Future<?> slow = other.submit(() -> tx.executeWithoutResult(status -> {
                touch(first);
                changed.countDown();
                try {
                    commit.await(20, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }));
            assertThat(changed.await(10, TimeUnit.SECONDS)).isTrue();
            // ... while the second changes and commits, and a third change of the second rolls back
            tx.executeWithoutResult(status -> touch(second));
            tx.executeWithoutResult(status -> {
                touch(second);
                status.setRollbackOnly();
            });

            assertThat(ids(bookings.changedAfter(now, 100), first, second)).isEmpty();

            commit.countDown();
            slow.get(10, TimeUnit.SECONDS);
        } finally {
            other.shutdownNow();
        }
        await().atMost(Duration.ofSeconds(10))
                .until(() -> ids(bookings.changedAfter(now, 100), first, second).size() == 2);
        List<Bookings.ChangedBooking> listed = bookings.changedAfter(now, 100);
        assertThat(ids(listed, first, second)).containsExactly(first, second);
        Bookings.ChangedBooking secondListed = listed.stream().filter(c -> c.booking().id().equals(second)).findFirst()
                .orElseThrow();
        // as it stands after its one committed change: confirmed, version 2 (booked, then touched once)
        assertThat(secondListed.booking().status()).isEqualTo(AppointmentStatus.CONFIRMED);
        assertThat(secondListed.booking().sequence()).isEqualTo(appointments.find(second).orElseThrow().version());

        // read from the first's place on: only the second; from the second's place on: neither
        Bookings.FeedPosition afterFirst = listed.stream().filter(c -> c.booking().id().equals(first)).findFirst()
                .orElseThrow().position();
        assertThat(ids(bookings.changedAfter(afterFirst, 100), first, second)).containsExactly(second);
        assertThat(ids(bookings.changedAfter(secondListed.position(), 100), first, second)).isEmpty();

        // the first changes again: it moves after the second
        tx.executeWithoutResult(status -> touch(first));
        await().atMost(Duration.ofSeconds(10))
                .until(() -> ids(bookings.changedAfter(secondListed.position(), 100), first, second).size() == 1);
        assertThat(ids(bookings.changedAfter(now, 100), first, second)).containsExactly(second, first);
    }

    @Test
    void theFeedIsReadInPagesInItsOwnOrder() {
        NewDoctor doctor = bookableDoctor();
        List<String> slots = freeSlots(doctor.id(), "IN_PERSON", 3);
        Bookings.FeedPosition start = horizon();
        List<UUID> made = List.of(
                UUID.fromString(booked(newPatient("feed-page-a"), doctor.id(), slots.get(0), "IN_PERSON", "CASH")),
                UUID.fromString(booked(newPatient("feed-page-b"), doctor.id(), slots.get(1), "IN_PERSON", "CASH")),
                UUID.fromString(booked(newPatient("feed-page-c"), doctor.id(), slots.get(2), "IN_PERSON", "CASH")));
        await().atMost(Duration.ofSeconds(10))
                .until(() -> ids(bookings.changedAfter(start, 1000), made.toArray(UUID[]::new)).size() == 3);

        List<UUID> paged = new java.util.ArrayList<>();
        Bookings.FeedPosition at = start;
        for (int page = 0; page < 1000; page++) {
            List<Bookings.ChangedBooking> next = bookings.changedAfter(at, 1);
            if (next.isEmpty()) {
                break;
            }
            assertThat(next).hasSize(1);
            paged.add(next.getFirst().booking().id());
            at = next.getFirst().position();
        }
        assertThat(paged.stream().filter(made::contains).toList()).containsExactlyElementsOf(made);
        assertThat(paged).doesNotHaveDuplicates();
    }

    /** Saves the booking unchanged: a new version, stamped with this transaction. */
    private void touch(UUID booking) {
        appointments.update(appointments.lock(booking).orElseThrow());
    }

    /** A place in the feed after the bookings' latest changes (and before every change made from now on). */
    private Bookings.FeedPosition after(UUID... bookings) {
        long latest = jdbc.sql("SELECT max(CAST(CAST(changed_tx AS text) AS bigint)) FROM appointments WHERE id IN (:ids)")
                .param("ids", List.of(bookings)).query(Long.class).single();
        return new Bookings.FeedPosition(latest, new UUID(-1, -1));
    }

    /** A place in the feed before every change that commits from now on. */
    private Bookings.FeedPosition horizon() {
        long oldestRunning = jdbc.sql("SELECT CAST(CAST(pg_snapshot_xmin(pg_current_snapshot()) AS text) AS bigint)")
                .query(Long.class).single();
        return new Bookings.FeedPosition(oldestRunning - 1, new UUID(-1, -1));
    }

    /** The listed bookings that are among {@code these}, in the order listed. */
    private static List<UUID> ids(List<Bookings.ChangedBooking> listed, UUID... these) {
        List<UUID> wanted = List.of(these);
        return listed.stream().map(c -> c.booking().id()).filter(wanted::contains).toList();
    }
}
