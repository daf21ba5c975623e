package org.medbook.reporting.application;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.medbook.booking.Bookings;
import org.medbook.booking.api.BookingTestSupport;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Booking changes reach the reports from the booking change feed, written in batches by one drainer at
 * a time, each booking as it stands. Each test runs a drainer with a place of its own in the feed
 * (starting where the application's is), so what it was given can be told apart from what the
 * application's own drainer writes meanwhile; both write the same rows, one after the other.
 */
class ReportingDrainTests extends BookingTestSupport {

    /** The test drainer's clock: what it queues for another try is due long after the application's clock. */
    private static final Instant LATER = Instant.parse("2100-01-01T00:00:00Z");

    @Autowired
    ReportStore store;
    @Autowired
    Bookings realBookings;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    PlatformTransactionManager transactions;

    /** The bookings the feed gave the test drainer. */
    private final Set<UUID> given = ConcurrentHashMap.newKeySet();
    /** Bookings the test drainer is told were cancelled by someone the reports have no column for. */
    private final Set<UUID> martian = ConcurrentHashMap.newKeySet();

    @Test
    void eachChangedBookingIsWrittenAsItStandsWithWhenItWasBookedAndWhoCancelledIt() {
        String reader = newReader();
        ReportingDrain drain = drain();
        NewDoctor doctor = bookableDoctor();
        List<String> slots = freeSlots(doctor.id(), "IN_PERSON", 3);
        Patient ann = newPatient("feed-ann");
        Patient bob = newPatient("feed-bob");
        UUID kept = UUID.fromString(booked(ann, doctor.id(), slots.get(0), "IN_PERSON", "CASH"));
        UUID cancelled = UUID.fromString(booked(bob, doctor.id(), slots.get(1), "IN_PERSON", "CASH"));
        assertThat(cancel(bob.token, cancelled.toString(), null).status()).isEqualTo(200);

        await().atMost(Duration.ofSeconds(20)).until(() -> {
            drain.drain(reader);
            return passed(reader, kept, cancelled);
        });

        assertThat(given).contains(kept, cancelled);
        assertThat(row(kept)).containsEntry("status", "CONFIRMED").containsEntry("cancelled_by", null)
                .containsEntry("booked_at", createdAt(kept));
        assertThat(row(cancelled)).containsEntry("status", "CANCELLED").containsEntry("cancelled_by", "PATIENT")
                .containsEntry("booked_at", createdAt(cancelled));
    }

    @Test
    void aChangeThatFailsOnItsOwnIsQueuedWithItsReasonAndTheFeedGoesOn() {
        String reader = newReader();
        ReportingDrain drain = drain();
        NewDoctor doctor = bookableDoctor();
        List<String> slots = freeSlots(doctor.id(), "IN_PERSON", 3);
        UUID bad = UUID.fromString(booked(newPatient("feed-bad"), doctor.id(), slots.get(0), "IN_PERSON", "CASH"));
        martian.add(bad);
        UUID good = UUID.fromString(booked(newPatient("feed-good"), doctor.id(), slots.get(1), "IN_PERSON", "CASH"));

        await().atMost(Duration.ofSeconds(20)).until(() -> {
            drain.drain(reader);
            return passed(reader, bad, good);
        });

        assertThat(given).contains(bad, good);
        assertThat(row(good)).containsEntry("status", "CONFIRMED");
        Map<String, Object> queued = jdbc.sql("""
                        SELECT attempts, retry_at, error, cancelled_by, booked_at FROM report_inbox WHERE booking_id = :id""")
                .param("id", bad).query((rs, n) -> {
                    Map<String, Object> row = new HashMap<>();
                    row.put("attempts", rs.getInt("attempts"));
                    row.put("retry_at", rs.getObject("retry_at", OffsetDateTime.class).toInstant());
                    row.put("error", rs.getString("error"));
                    row.put("cancelled_by", rs.getString("cancelled_by"));
                    row.put("booked_at", rs.getObject("booked_at", OffsetDateTime.class).toInstant());
                    return row;
                }).single();
        assertThat(queued).containsEntry("attempts", 1).containsEntry("retry_at", LATER.plusSeconds(60))
                .containsEntry("cancelled_by", "MARTIANS").containsEntry("booked_at", createdAt(bad));
        assertThat((String) queued.get("error")).contains("MARTIANS");
    }

    @Test
    void queuedChangesDueAreWrittenAsTheBookingStandsAndOneFailingAgainWaitsTwiceAsLong() {
        String reader = newReader();
        NewDoctor doctor = bookableDoctor();
        List<String> slots = freeSlots(doctor.id(), "IN_PERSON", 3);
        UUID good = UUID.fromString(booked(newPatient("queue-good"), doctor.id(), slots.get(0), "IN_PERSON", "CASH"));
        UUID bad = UUID.fromString(booked(newPatient("queue-bad"), doctor.id(), slots.get(1), "IN_PERSON", "CASH"));
        // tried once already, due again in 2099: only the test drainer's clock is past that
        queueAgain(good, null);
        queueAgain(bad, "MARTIANS");

        await().atMost(Duration.ofSeconds(20)).until(() -> {
            drain().drain(reader);
            return jdbc.sql("SELECT count(*) FROM report_inbox WHERE booking_id = :id").param("id", good)
                    .query(Long.class).single() == 0;
        });

        assertThat(row(good)).containsEntry("status", "CONFIRMED").containsEntry("booked_at", createdAt(good));
        jdbc.sql("SELECT attempts, retry_at, error FROM report_inbox WHERE booking_id = :id").param("id", bad)
                .query((rs, n) -> {
                    assertThat(rs.getInt("attempts")).isEqualTo(2);
                    assertThat(rs.getObject("retry_at", OffsetDateTime.class).toInstant()).isEqualTo(LATER.plusSeconds(120));
                    assertThat(rs.getString("error")).contains("MARTIANS");
                    return n;
                }).single();
    }

    @Test
    void whileAnotherNodeDrainsThisOneSkipsTheRound() throws Exception {
        String reader = newReader();
        NewDoctor doctor = bookableDoctor();
        UUID booking = UUID.fromString(booked(newPatient("feed-lock"), doctor.id(),
                freeSlots(doctor.id(), "IN_PERSON", 3).getFirst(), "IN_PERSON", "CASH"));
        Bookings.FeedPosition before = store.feedPosition(reader);
        CountDownLatch locked = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        ExecutorService other = Executors.newSingleThreadExecutor();
        try {
            Future<?> holder = other.submit(() -> new TransactionTemplate(transactions).executeWithoutResult(status -> {
                store.lockBookingWriter(true);
                locked.countDown();
                try {
                    release.await(20, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }));
            assertThat(locked.await(10, TimeUnit.SECONDS)).isTrue();
            assertThat(drain().drain(reader)).isZero();
            assertThat(store.feedPosition(reader)).isEqualTo(before);
            release.countDown();
            holder.get(10, TimeUnit.SECONDS);
        } finally {
            other.shutdownNow();
        }
        await().atMost(Duration.ofSeconds(20)).until(() -> {
            drain().drain(reader);
            return passed(reader, booking);
        });
        assertThat(given).contains(booking);
        assertThat(row(booking)).containsEntry("status", "CONFIRMED");
    }

    /** A change of the booking queued after one failed try, due on the last day of 2099. */
    private void queueAgain(UUID booking, String cancelledBy) {
        jdbc.sql("""
                        INSERT INTO report_inbox (booking_id, booked_at, cancelled_by, attempts, retry_at, error)
                        VALUES (:booking, NULL, :by, 1, :due, 'an earlier try')""")
                .param("booking", booking).param("by", cancelledBy)
                .param("due", OffsetDateTime.parse("2099-12-31T00:00:00Z")).update();
    }

    /** A place of its own in the feed, where the application's drainer is now: before every booking made after. */
    private String newReader() {
        String reader = "test-" + UUID.randomUUID();
        jdbc.sql("""
                        INSERT INTO report_feed (reader, after_tx, after_booking)
                        SELECT :reader, after_tx, after_booking FROM report_feed WHERE reader = :bookings""")
                .param("reader", reader).param("bookings", ReportingDrain.READER).update();
        return reader;
    }

    private ReportingDrain drain() {
        Bookings bookings = new Bookings() {
            @Override
            public Optional<BookingSnapshot> find(UUID bookingId) {
                return realBookings.find(bookingId);
            }

            @Override
            public List<BookingSnapshot> findAll(List<UUID> bookingIds) {
                return realBookings.findAll(bookingIds);
            }

            @Override
            public List<BookingSnapshot> ofDoctorStartingBetween(UUID doctorId, Instant from, Instant to) {
                throw new UnsupportedOperationException();
            }

            @Override
            public boolean everConfirmed(UUID patientId, UUID doctorId) {
                throw new UnsupportedOperationException();
            }

            @Override
            public List<ChangedBooking> changedAfter(FeedPosition after, int limit) {
                return realBookings.changedAfter(after, limit).stream().map(change -> {
                    given.add(change.booking().id());
                    return martian.contains(change.booking().id())
                            ? new ChangedBooking(change.booking(), change.bookedAt(), "MARTIANS", change.position())
                            : change;
                }).toList();
            }
        };
        return new ReportingDrain(store, bookings, Clock.fixed(LATER, ZoneOffset.UTC), transactions);
    }

    /** Whether the reader's place in the feed is past the latest change of every one of the bookings. */
    private boolean passed(String reader, UUID... bookings) {
        return jdbc.sql("""
                        SELECT count(*) FROM appointments a JOIN report_feed f ON f.reader = :reader
                        WHERE a.id IN (:ids) AND (a.changed_tx, a.id) <= (f.after_tx, f.after_booking)""")
                .param("reader", reader).param("ids", List.of(bookings)).query(Long.class).single() == bookings.length;
    }

    private Instant createdAt(UUID booking) {
        return jdbc.sql("SELECT created_at FROM appointments WHERE id = :id").param("id", booking)
                .query(OffsetDateTime.class).single().toInstant();
    }

    private Map<String, Object> row(UUID booking) {
        return jdbc.sql("SELECT status, cancelled_by, booked_at FROM report_bookings WHERE booking_id = :id")
                .param("id", booking).query((rs, n) -> {
                    Map<String, Object> row = new HashMap<>();
                    row.put("status", rs.getString("status"));
                    row.put("cancelled_by", rs.getString("cancelled_by"));
                    row.put("booked_at", rs.getObject("booked_at", OffsetDateTime.class).toInstant());
                    return row;
                }).single();
    }
}
